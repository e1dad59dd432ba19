import Glibc

/// An IPv4 or IPv6 socket address built from a numeric host literal.
public struct SocketAddress: Sendable, CustomStringConvertible {
    public let host: String
    public let port: Int
    let storage: sockaddr_storage
    let length: socklen_t

    public var isIPv6: Bool { Int32(storage.ss_family) == AF_INET6 }

    /// `host` is a literal (`127.0.0.1`, `::1`, `0.0.0.0`, `::`); `localhost` means 127.0.0.1.
    /// Names are not resolved: an emulator must not depend on DNS to start.
    public init(host: String, port: Int) throws(SocketError) {
        guard (0...65535).contains(port) else { throw .invalidAddress("\(host):\(port)") }
        let literal = host == "localhost" ? "127.0.0.1" : host
        var storage = sockaddr_storage()
        var v4 = sockaddr_in()
        var v6 = sockaddr_in6()
        if inet_pton(AF_INET, literal, &v4.sin_addr) == 1 {
            v4.sin_family = sa_family_t(AF_INET)
            v4.sin_port = in_port_t(UInt16(port).bigEndian)
            withUnsafeMutableBytes(of: &storage) { dst in withUnsafeBytes(of: v4) { dst.copyMemory(from: $0) } }
            length = socklen_t(MemoryLayout<sockaddr_in>.size)
        } else {
            let bare = literal.hasPrefix("[") && literal.hasSuffix("]") ? String(literal.dropFirst().dropLast()) : literal
            guard inet_pton(AF_INET6, bare, &v6.sin6_addr) == 1 else { throw .invalidAddress(host) }
            v6.sin6_family = sa_family_t(AF_INET6)
            v6.sin6_port = in_port_t(UInt16(port).bigEndian)
            withUnsafeMutableBytes(of: &storage) { dst in withUnsafeBytes(of: v6) { dst.copyMemory(from: $0) } }
            length = socklen_t(MemoryLayout<sockaddr_in6>.size)
        }
        self.storage = storage
        self.host = literal
        self.port = port
    }

    init(storage: sockaddr_storage, host: String) {
        self.storage = storage
        self.host = host
        var s = storage
        if Int32(storage.ss_family) == AF_INET6 {
            length = socklen_t(MemoryLayout<sockaddr_in6>.size)
            port = withUnsafePointer(to: &s) { $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin6_port)) } }
        } else {
            length = socklen_t(MemoryLayout<sockaddr_in>.size)
            port = withUnsafePointer(to: &s) { $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin_port)) } }
        }
    }

    /// The address as `connect(2)` and `bind(2)` take it.
    public func withSockaddr<T>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> T) -> T {
        var copy = storage
        return withUnsafePointer(to: &copy) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, length) }
        }
    }

    /// `http://127.0.0.1:4579` or `http://[::1]:4579`.
    public var urlString: String {
        isIPv6 ? "http://[\(host)]:\(port)" : "http://\(host):\(port)"
    }

    public var description: String {
        isIPv6 ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}
