import Glibc

/// Thin wrappers over the socket calls the server makes, turning `-1` and `errno` into `SocketError`.
enum Socket {
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
            close(fd)
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
    /// Returns nil when none is pending.
    static func accept(_ listener: Int32) throws(SocketError) -> Int32? {
        while true {
            let fd = Glibc.accept(listener, nil, nil)
            if fd >= 0 {
                // accept4 is not imported without _GNU_SOURCE; set the same flags by hand.
                _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
                _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
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
}
