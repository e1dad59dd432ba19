import ArgumentParser
import Glibc
import HTTPServer

/// `ses-metrics-emulator healthcheck`: the container image's HEALTHCHECK. Slim images have no curl,
/// so the binary asks its own server over a plain socket: exit 0 on `200` from
/// `GET /_emulator/health`, 1 on anything else (refused, timed out, other status).
struct HealthcheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "healthcheck",
        abstract: "Exit 0 if the emulator answers GET /_emulator/health with 200, else 1.",
        discussion: """
            Host and port default to SES_EMULATOR_HOST and SES_EMULATOR_PORT, as for serve. A server \
            listening on every address (0.0.0.0 or ::) is asked on its loopback address (127.0.0.1 or ::1).
            """)

    @Option(help: "Address of the emulator (default: SES_EMULATOR_HOST, else \(ServeCommand.serverDefaults.host)).")
    var host: String?
    @Option(help: "Port of the emulator (default: SES_EMULATOR_PORT, else \(ServeCommand.serverDefaults.port)).")
    var port: Int?
    @Option(help: "Seconds to wait for connect, send and answer.")
    var timeout: Double = 3

    func validate() throws {
        guard timeout.isFinite, timeout > 0, timeout <= 60 else {
            throw ValidationError("--timeout must be above 0 and at most 60 seconds; got \(timeout)")
        }
        _ = try address()
    }

    /// Where to ask: the server's address, a wildcard one replaced by the loopback of its family.
    private func address() throws -> SocketAddress {
        var env = EnvironmentDefaults()
        let resolvedPort = try env.int("port", port, default: ServeCommand.serverDefaults.port, range: 1...65535)
        var resolvedHost = env.string("host", host) ?? ServeCommand.serverDefaults.host
        switch resolvedHost {
        case "0.0.0.0": resolvedHost = "127.0.0.1"
        case "::", "[::]": resolvedHost = "::1"
        default: break
        }
        do {
            return try SocketAddress(host: resolvedHost, port: resolvedPort)
        } catch {
            throw ValidationError("--host: \(error)")
        }
    }

    func run() throws {
        let target = try address()
        let outcome = HealthProbe(address: target, timeout: timeout).run()
        guard case .status(200) = outcome else {
            let reason: String
            switch outcome {
            case .status(let code): reason = "status \(code)"
            case .failure(let text): reason = text
            }
            writeLine("unhealthy: GET \(target.urlString)/_emulator/health: \(reason)", to: 2)
            throw ExitCode.failure
        }
        writeLine("healthy", to: 1)
    }

    private func writeLine(_ text: String, to fd: Int32) {
        let line = Array((text + "\n").utf8)
        _ = line.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    }
}

/// One blocking HTTP/1.1 exchange with SO_SNDTIMEO/SO_RCVTIMEO as the deadline (Linux applies
/// SO_SNDTIMEO to connect(2) as well, see socket(7)).
struct HealthProbe {
    let address: SocketAddress
    let timeout: Double

    enum Outcome: Equatable {
        case status(Int)
        case failure(String)
    }

    func run() -> Outcome {
        let fd = socket(address.isIPv6 ? AF_INET6 : AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return fail("socket") }
        defer { close(fd) }

        var tv = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - timeout.rounded(.down)) * 1_000_000))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))

        let connected = address.withSockaddr { connect(fd, $0, $1) }
        guard connected == 0 else { return fail("connect") }

        let request = Array("GET /_emulator/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".utf8)
        var sent = 0
        while sent < request.count {
            let n = request[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return fail("send") }
            sent += n
        }

        // The status line is all we need: "HTTP/1.1 200 OK\r\n".
        var answer: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 512)
        while !answer.contains(UInt8(ascii: "\n")) && answer.count < 4096 {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n < 0 && errno == EINTR { continue }
            if n == 0 { break }
            guard n > 0 else { return fail("recv") }
            answer += buffer[0..<n]
        }
        let statusLine = String(decoding: answer.prefix(while: { $0 != UInt8(ascii: "\r") && $0 != UInt8(ascii: "\n") }), as: UTF8.self)
        let parts = statusLine.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), let code = Int(parts[1]) else {
            return .failure(answer.isEmpty ? "connection closed without an answer" : "not an HTTP answer: \(statusLine)")
        }
        return .status(code)
    }

    private func fail(_ call: String) -> Outcome {
        let code = errno
        return .failure(code == EAGAIN || code == EWOULDBLOCK || code == EINPROGRESS
            ? "\(call): timed out after \(timeout) s"
            : "\(call): \(String(cString: strerror(code)))")
    }
}
