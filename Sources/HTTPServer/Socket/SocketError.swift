import Glibc

public enum SocketError: Error, Equatable, CustomStringConvertible {
    /// A system call failed; `errno` says why.
    case systemCall(String, errno: Int32)
    case invalidAddress(String)
    case addressInUse(String)

    public var description: String {
        switch self {
        case .systemCall(let call, let code):
            return "\(call) failed: \(String(cString: strerror(code)))"
        case .invalidAddress(let host):
            return "invalid listen address '\(host)' (expected an IPv4 or IPv6 literal)"
        case .addressInUse(let address):
            return "address already in use: \(address)"
        }
    }
}
