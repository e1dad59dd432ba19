import Dispatch
import Foundation
import Glibc
@testable import HTTPServer
import MetricsStore
@testable import SESDomain
@testable import SESOperations
@testable import SESService
@testable import SESWire
import Testing

/// How a test reaches the emulator: `.router` runs each request through the router and the
/// pipeline in process (no socket); `.live` sends it over loopback to a running server. A suite
/// that takes the transport as a parameter checks both with one body.
enum Transport: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case router, live
    var testDescription: String { rawValue }
}

struct TestResponse: Sendable {
    let status: Int
    let headers: HTTPHeaders
    let body: [UInt8]

    var text: String { String(decoding: body, as: UTF8.self) }
    var errorType: String? { headers["x-amzn-ErrorType"]?.split(separator: ":").first.map(String.init) }
}

/// An emulator on an in-memory store, with a client over the chosen transport.
final class SESTestClient: @unchecked Sendable {
    let service: EmulatorService
    let store: MetricsStore
    private let transport: Transport
    private let router: Router
    let hooks: HTTPServerHooks
    private var server: HTTPServer?
    private var port = 0

    init(_ transport: Transport, settings: (inout EmulatorSettings) -> Void = { _ in },
         faults: FaultConfiguration = FaultConfiguration(), events: [Event] = []) throws {
        store = try MetricsStore(path: nil, catalog: .builtIn)
        if !events.isEmpty { _ = try store.ingest(events) }
        var s = EmulatorSettings(version: "test")
        settings(&s)
        service = try EmulatorService(store: store, catalog: .builtIn, settings: s, logger: AccessLogger(level: .error, format: .text),
                                  seeding: Seeding(seed: nil, shiftToToday: false), faults: faults)
        router = service.makeRouter()
        hooks = service.makeHooks()
        self.transport = transport
        if transport == .live {
            var configuration = HTTPServerConfiguration()
            configuration.host = "127.0.0.1"
            configuration.port = 0
            let server = HTTPServer(configuration: configuration, router: router, hooks: hooks)
            port = try server.start().port
            self.server = server
        }
    }

    deinit {
        if let server {
            let done = DispatchSemaphore(value: 0)
            server.shutdown { done.signal() }
            done.wait()
        }
        store.close()
        service.close()
    }

    func send(_ method: String, _ path: String, headers: [(String, String)] = [], body: String = "") async throws -> TestResponse {
        switch transport {
        case .router: return await inProcess(method, path, headers: headers, body: Array(body.utf8))
        case .live: return try overLoopback(method, path, headers: headers, body: Array(body.utf8))
        }
    }

    /// `POST /v2/email/metrics/batch` as botocore sends it.
    func batch(_ json: String) async throws -> TestResponse {
        try await send("POST", "/v2/email/metrics/batch", headers: [("Content-Type", "application/json")], body: json)
    }

    /// What the route answers on the event loop's thread (its inline handler), nil when it hands
    /// the request to a handler thread. Only for `.router`.
    func onLoop(_ method: String, _ path: String, headers: [(String, String)] = [], body: String = "") -> TestResponse? {
        let request = Self.request(method, path, headers: headers, body: Array(body.utf8))
        guard case .route(let route) = router.resolve(request.head), case .answered(let response)? = route.inline?(request) else { return nil }
        return TestResponse(status: response.status.code, headers: response.headers, body: response.body)
    }

    /// What the work the event loop handed off answers, run with `other` in place of the request
    /// (as a hand-off that read its request again would answer `other`). nil when the loop answered.
    func handedOff(_ method: String, _ path: String, headers: [(String, String)] = [], body: String = "",
                   runWith other: (method: String, path: String)) async -> TestResponse? {
        let request = Self.request(method, path, headers: headers, body: Array(body.utf8))
        guard case .route(let route) = router.resolve(request.head), case .handOff(let rest)? = route.inline?(request) else { return nil }
        let replacement = Self.request(other.method, other.path, headers: [], body: [])
        let response = await withCheckedContinuation { continuation in
            rest(replacement, HTTPResponder(deliver: { continuation.resume(returning: $0) }, fallback: { HTTPResponse(status: .internalServerError) }))
        }
        return TestResponse(status: response.status.code, headers: response.headers, body: response.body)
    }

    /// `batch` on the event loop's thread only.
    func batchOnLoop(_ json: String) -> TestResponse? {
        onLoop("POST", "/v2/email/metrics/batch", headers: [("Content-Type", "application/json")], body: json)
    }

    private static func request(_ method: String, _ path: String, headers: [(String, String)], body: [UInt8]) -> HTTPRequest {
        var parser = RequestParser(limits: HTTPLimits())
        parser.append(Array("\(method) \(path) HTTP/1.1\r\nHost: test\r\n".utf8)
                      + headers.flatMap { Array("\($0.0): \($0.1)\r\n".utf8) } + Array("\r\n".utf8))
        guard case .head(let head, _)? = try? parser.next() else { fatalError("test request does not parse: \(method) \(path)") }
        return HTTPRequest(head: head, body: body)
    }

    private func inProcess(_ method: String, _ path: String, headers: [(String, String)], body: [UInt8]) async -> TestResponse {
        let request = Self.request(method, path, headers: headers, body: body)
        let response = await withCheckedContinuation { continuation in
            router.respond(to: request, hooks: hooks) { continuation.resume(returning: $0) }
        }
        return TestResponse(status: response.status.code, headers: response.headers, body: response.body)
    }

    /// One request on its own connection (`Connection: close`), read to the end.
    private func overLoopback(_ method: String, _ path: String, headers: [(String, String)], body: [UInt8]) throws -> TestResponse {
        let address = try SocketAddress(host: "127.0.0.1", port: port)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        guard address.withSockaddr({ connect(fd, $0, $1) }) == 0 else { throw SocketError.systemCall("connect", errno: errno) }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: \(body.count)\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        let request = Array((head + "\r\n").utf8) + body
        var sent = 0
        while sent < request.count {
            let n = request.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + sent, $0.count - sent, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw SocketError.systemCall("send", errno: errno) }
            sent += n
        }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard n > 0 else { break }
            received += buffer[0..<n]
        }
        return try Self.parse(received)
    }

    struct MalformedResponse: Error {}

    private static func parse(_ bytes: [UInt8]) throws -> TestResponse {
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        guard let end = (0...(max(bytes.count - 4, 0))).first(where: { bytes[$0..<min($0 + 4, bytes.count)].elementsEqual(separator) })
        else { throw MalformedResponse() }
        let lines = String(decoding: bytes[..<end], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = lines[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { throw MalformedResponse() }
        var headers = HTTPHeaders()
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers.add(String(line[..<colon]), String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces))
        }
        return TestResponse(status: status, headers: headers, body: Array(bytes[(end + 4)...]))
    }
}
