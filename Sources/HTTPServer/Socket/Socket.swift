import CEpoll
import Glibc

/// The socket calls the server makes, so connection code holds protocol logic only: `-1` and
/// `errno` become `SocketError` or an `IOResult`.
enum Socket {
    /// What a non-blocking `read` or `send` did.
    enum IOResult {
        /// Bytes moved (always > 0).
        case done(Int)
        /// The peer closed its side (read only).
        case endOfStream
        case wouldBlock
        /// ECONNRESET, EPIPE and the like: the peer is gone.
        case failed(Int32)
    }

    /// A listener bound to `address`, non-blocking, so several event loops can poll it.
    static func makeListener(_ address: SocketAddress, backlog: Int32) throws(SocketError) -> (fd: Int32, bound: SocketAddress) {
        let fd = socket(Int32(address.storage.ss_family), Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw .systemCall("socket", errno: errno) }
        do throws(SocketError) {
            try setOption(fd, SOL_SOCKET, SO_REUSEADDR, 1)
            if address.isIPv6 {
                // `::` then serves IPv6 only; `0.0.0.0` is the IPv4 wildcard. Predictable across hosts.
                try setOption(fd, Int32(IPPROTO_IPV6), IPV6_V6ONLY, 1)
            }
            let rc = address.withSockaddr { bind(fd, $0, $1) }
            if rc != 0 {
                let code = errno
                if code == EADDRINUSE { throw SocketError.addressInUse(address.description) }
                throw SocketError.systemCall("bind \(address)", errno: code)
            }
            guard listen(fd, backlog) == 0 else { throw SocketError.systemCall("listen", errno: errno) }
            return (fd, try localAddress(fd, host: address.host))
        } catch {
            Glibc.close(fd)
            throw error
        }
    }

    static func localAddress(_ fd: Int32, host: String) throws(SocketError) -> SocketAddress {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let rc = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard rc == 0 else { throw .systemCall("getsockname", errno: errno) }
        return SocketAddress(storage: storage, host: host)
    }

    static func setOption(_ fd: Int32, _ level: Int32, _ name: Int32, _ value: Int32) throws(SocketError) {
        var v = value
        guard setsockopt(fd, level, name, &v, socklen_t(MemoryLayout<Int32>.size)) == 0 else {
            throw .systemCall("setsockopt(\(name))", errno: errno)
        }
    }

    /// Accepts one pending connection as a non-blocking socket with TCP_NODELAY.
    /// Returns nil when none is pending; throws on EMFILE and the like.
    static func accept(_ listener: Int32) throws(SocketError) -> Int32? {
        while true {
            let fd = accept4(listener, nil, nil, Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue))
            if fd >= 0 {
                // Responses leave in one send; without NODELAY a follow-up would wait for a delayed ACK.
                try? setOption(fd, Int32(IPPROTO_TCP), TCP_NODELAY, 1)
                return fd
            }
            switch errno {
            case EINTR, ECONNABORTED, EPROTO: continue
            case EAGAIN, EWOULDBLOCK: return nil
            case let code: throw .systemCall("accept", errno: code)
            }
        }
    }

    static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) -> IOResult {
        while true {
            let n = Glibc.read(fd, buffer.baseAddress, buffer.count)
            if n > 0 { return .done(n) }
            if n == 0 { return .endOfStream }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return .wouldBlock
            case let code: return .failed(code)
            }
        }
    }

    static func send(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> IOResult {
        while true {
            // MSG_NOSIGNAL: a client that disappears must not raise SIGPIPE.
            let n = Glibc.send(fd, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL))
            if n >= 0 { return .done(n) }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return .wouldBlock
            case let code: return .failed(code)
            }
        }
    }

    static func shutdownWrite(_ fd: Int32) {
        Glibc.shutdown(fd, Int32(SHUT_WR))
    }

    static func close(_ fd: Int32) {
        Glibc.close(fd)
    }

    /// Sends `bytes` best effort without blocking, half-closes, discards what the client already
    /// sent and closes: for a connection refused before it gets a `Connection`.
    static func refuse(_ fd: Int32, answer bytes: [UInt8]) {
        _ = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT)) }
        shutdownWrite(fd)
        withUnsafeTemporaryAllocation(byteCount: 4096, alignment: 1) { scratch in
            _ = recv(fd, scratch.baseAddress, scratch.count, Int32(MSG_DONTWAIT))
        }
        close(fd)
    }
}
