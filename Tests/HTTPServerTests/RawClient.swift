import Glibc
@testable import HTTPServer

/// A blocking loopback client over a raw socket, for sending exact bytes and reading exact bytes.
final class RawClient: @unchecked Sendable {
    let fd: Int32
    /// Bytes received but not yet returned as a response: responses may share a segment.
    private var pending: [UInt8] = []

    init(port: Int, host: String = "127.0.0.1", timeoutSeconds: Int = 5) throws {
        let address = try SocketAddress(host: host, port: port)
        fd = socket(Int32(address.storage.ss_family), Int32(SOCK_STREAM.rawValue), 0)
        let rc = address.withSockaddr { connect(fd, $0, $1) }
        guard rc == 0 else {
            let code = errno
            Glibc.close(fd)
            throw SocketError.systemCall("connect", errno: code)
        }
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { Glibc.close(fd) }

    func send(_ text: String) { send(Array(text.utf8)) }

    func send(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return }
            offset += n
        }
    }

    func shutdownWrite() { Glibc.shutdown(fd, Int32(SHUT_WR)) }

    /// Closes with SO_LINGER 0: the server sees a reset, not an orderly close.
    func reset() {
        var option = linger(l_onoff: 1, l_linger: 0)
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &option, socklen_t(MemoryLayout<linger>.size))
        Glibc.shutdown(fd, Int32(SHUT_RDWR))
    }

    /// Reads one response; `bodyless` for the answer to HEAD, whose Content-Length has no body.
    func readResponse(bodyless: Bool = false) -> (status: Int, head: String, body: String)? {
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            if let parsed = Self.takeResponse(&pending, bodyless: bodyless) { return parsed }
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { return nil }
            pending.append(contentsOf: buffer[0..<n])
        }
    }

    /// Reads up to `limit` bytes of whatever arrives (for a client that reads a little, then leaves).
    func readSome(_ limit: Int = 4096) -> Int {
        var buffer = [UInt8](repeating: 0, count: limit)
        return buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
    }

    /// Reads until the peer closes or `timeout` seconds pass with no data.
    func readAll() -> String {
        var out: [UInt8] = pending
        pending = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { break }
            out.append(contentsOf: buffer[0..<n])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Reads exactly `count` complete responses (heads with Content-Length bodies).
    func readResponses(_ count: Int) -> [(status: Int, head: String, body: String)] {
        var results: [(status: Int, head: String, body: String)] = []
        while results.count < count, let response = readResponse() {
            results.append(response)
        }
        return results
    }

    /// True when the server has closed the connection (EOF, or a reset, within the read timeout)
    /// with nothing more to read.
    func isClosedByPeer() -> Bool {
        guard pending.isEmpty else { return false }
        var byte: UInt8 = 0
        let n = recv(fd, &byte, 1, 0)
        return n == 0 || (n < 0 && errno == ECONNRESET)
    }

    static func takeResponse(_ data: inout [UInt8], bodyless: Bool = false) -> (Int, String, String)? {
        let marker: [UInt8] = [13, 10, 13, 10]
        guard data.count >= 4, let end = (0...(data.count - 4)).first(where: { Array(data[$0..<$0 + 4]) == marker }) else { return nil }
        let head = String(decoding: data[0..<end], as: UTF8.self)
        let status = Int(head.split(separator: " ")[1]) ?? 0
        var length = 0
        for line in head.split(separator: "\r\n") where line.lowercased().hasPrefix("content-length:") {
            length = Int(line.split(separator: ":")[1].trimmingCharacters(in: " ")) ?? 0
        }
        if status == 100 {
            data.removeSubrange(0..<end + 4)
            return (100, head, "")
        }
        if bodyless { length = 0 }
        guard data.count >= end + 4 + length else { return nil }
        let body = String(decoding: data[(end + 4)..<(end + 4 + length)], as: UTF8.self)
        data.removeSubrange(0..<(end + 4 + length))
        return (status, head, body)
    }
}

extension Substring {
    func trimmingCharacters(in set: String) -> String {
        String(self.drop(while: { set.contains($0) }).reversed().drop(while: { set.contains($0) }).reversed())
    }
}
