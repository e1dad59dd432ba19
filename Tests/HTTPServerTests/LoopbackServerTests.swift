import Dispatch
import Glibc
import Synchronization
import XCTest
@testable import HTTPServer

/// The real server on a loopback port chosen by the kernel, driven by raw sockets. Every read is
/// bounded by the client's socket timeout; nothing asserts a wall-clock speed.
final class LoopbackServerTests: XCTestCase {
    var server: HTTPServer!
    var port = 0
    let exchanges = ExchangeLog()

    static let bigBody = [UInt8](repeating: UInt8(ascii: "x"), count: 8 * 1024 * 1024)

    func startServer(limits: HTTPLimits = HTTPLimits(), host: String = "127.0.0.1", handlerThreads: Int = 4,
                     renderError: (@Sendable (HTTPServerError, HTTPRequestHead?) -> HTTPResponse)? = nil,
                     configure: ((inout Router) -> Void)? = nil) throws {
        var router = Router()
        router.add("GET", "/hello") { _, responder in
            responder.respond(HTTPResponse(status: .ok, headers: HTTPHeaders([("Content-Type", "text/plain")]), text: "hello"))
        }
        router.add("POST", "/echo") { request, responder in
            responder.respond(HTTPResponse(status: .ok, body: request.body))
        }
        router.add("POST", "/small", bodyLimit: 4) { request, responder in
            responder.respond(HTTPResponse(status: .ok, body: request.body))
        }
        router.add("GET", "/slow") { _, responder in
            DispatchQueue.global().asyncAfter(deadline: .now() + 1.0) {
                responder.respond(HTTPResponse(status: .ok, text: "slow"))
            }
        }
        router.add("GET", "/query") { request, responder in
            let text = request.head.query.map { "\($0.name)=\($0.value)" }.joined(separator: "&")
            responder.respond(HTTPResponse(status: .ok, text: request.path + "?" + text))
        }
        router.add("GET", "/big") { _, responder in
            responder.respond(HTTPResponse(status: .ok, body: Self.bigBody))
        }
        router.add("GET", "/drop") { _, _ in }
        configure?(&router)
        var configuration = HTTPServerConfiguration()
        configuration.host = host
        configuration.port = 0
        configuration.limits = limits
        configuration.shutdownGracePeriod = 3
        configuration.handlerThreads = handlerThreads
        let exchanges = self.exchanges
        let hooks = HTTPServerHooks(renderError: renderError ?? HTTPServerHooks.plainTextError,
                                    onExchange: { record in exchanges.records.withLock { $0.append(record) } })
        server = HTTPServer(configuration: configuration, router: router, hooks: hooks)
        port = try server.start().port
    }

    override func tearDown() {
        if let server {
            let done = DispatchSemaphore(value: 0)
            server.shutdown { done.signal() }
            _ = done.wait(timeout: .now() + 5)
        }
        server = nil
    }

    // MARK: - Helpers

    private func get(_ path: String, _ extra: String = "") -> String {
        "GET \(path) HTTP/1.1\r\nHost: x\r\n\(extra)\r\n"
    }

    /// The value of a response header field, names compared case-insensitively.
    private func header(_ name: String, in head: String?) -> String? {
        guard let head else { return nil }
        for line in head.split(separator: "\r\n").dropFirst() {
            let parts = line.split(separator: ":", maxSplits: 1)
            if parts.count == 2, String(parts[0]).equalsIgnoringASCIICase(name) {
                return parts[1].trimmingCharacters(in: " ")
            }
        }
        return nil
    }

    /// Polls `condition` for up to `seconds`.
    private func eventually(_ seconds: Double = 5, _ condition: () -> Bool) -> Bool {
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(seconds * 1e9)
        while DispatchTime.now().uptimeNanoseconds < deadline {
            if condition() { return true }
            usleep(20_000)
        }
        return condition()
    }

    private func assertRefusedAndClosed(_ request: String, status: Int, limits: HTTPLimits = HTTPLimits(),
                                        file: StaticString = #filePath, line: UInt = #line) throws {
        let client = try RawClient(port: port)
        client.send(request)
        let response = client.readResponse()
        XCTAssertEqual(response?.status, status, file: file, line: line)
        XCTAssertEqual(header("Connection", in: response?.head), "close", file: file, line: line)
        XCTAssertNotNil(header("Date", in: response?.head), file: file, line: line)
        XCTAssertEqual(header("Content-Length", in: response?.head), response.map { "\($0.body.utf8.count)" }, file: file, line: line)
        XCTAssertTrue(client.isClosedByPeer(), "the connection is closed after \(status)", file: file, line: line)
    }

    // MARK: - Persistence (RFC 9112 §9)

    func testKeepAliveServesSeveralRequestsOnOneConnection() throws {
        try startServer()
        let client = try RawClient(port: port)
        for _ in 0..<3 {
            client.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
            let responses = client.readResponses(1)
            XCTAssertEqual(responses.first?.status, 200)
            XCTAssertEqual(responses.first?.body, "hello")
            XCTAssertTrue(responses.first?.head.contains("Date: ") ?? false)
            XCTAssertTrue(responses.first?.head.contains("Content-Length: 5") ?? false)
            XCTAssertNil(header("Connection", in: responses.first?.head))
        }
    }

    func testConnectionClose_isHonoured() throws {
        try startServer()
        let client = try RawClient(port: port)
        client.send(get("/hello", "Connection: close\r\n"))
        let response = client.readResponse()
        XCTAssertEqual(response?.status, 200)
        XCTAssertEqual(header("Connection", in: response?.head), "close")
        XCTAssertTrue(client.isClosedByPeer())
    }

    func testHTTP10_closesUnlessKeepAliveIsAsked() throws {
        try startServer()
        let plain = try RawClient(port: port)
        plain.send("GET /hello HTTP/1.0\r\n\r\n")
        let first = plain.readResponse()
        XCTAssertEqual(first?.status, 200)
        XCTAssertEqual(header("Connection", in: first?.head), "close")
        XCTAssertTrue(plain.isClosedByPeer())

        let keepAlive = try RawClient(port: port)
        for _ in 0..<2 {
            keepAlive.send("GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            let response = keepAlive.readResponse()
            XCTAssertEqual(response?.status, 200)
            XCTAssertEqual(header("Connection", in: response?.head), "keep-alive")
        }
    }

    func testIdleConnection_isClosedAfterIdleTimeout() throws {
        var limits = HTTPLimits()
        limits.idleTimeout = 1
        try startServer(limits: limits)
        let client = try RawClient(port: port)
        client.send(get("/hello"))
        XCTAssertEqual(client.readResponse()?.status, 200)
        XCTAssertTrue(client.isClosedByPeer(), "closed, with nothing sent, once idle for the timeout")
    }

    func testEmptyLines_doNotKeepAnIdleConnectionOpen() throws {
        var limits = HTTPLimits()
        limits.idleTimeout = 2
        try startServer(limits: limits)
        let client = try RawClient(port: port, timeoutSeconds: 1)
        // RFC 9112 §2.2 lets a server ignore empty lines before a request; they are not activity.
        for _ in 0..<16 {
            client.send("\r\n")
            usleep(250_000)
        }
        XCTAssertTrue(client.isClosedByPeer(), "closed by the idle timeout despite the stray CRLFs")
    }

    // MARK: - Pipelining

    func testPipelinedRequests_areAnsweredInOrder() throws {
        try startServer()
        let client = try RawClient(port: port)
        client.send(get("/slow") + get("/hello") + "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc" + get("/query?b=%20"))
        let responses = client.readResponses(4)
        XCTAssertEqual(responses.map(\.status), [200, 200, 200, 200])
        XCTAssertEqual(responses.map(\.body), ["slow", "hello", "abc", "/query?b= "])
    }

    func testPipelinedRequestsThenHalfClose_areAllAnswered() throws {
        try startServer()
        let client = try RawClient(port: port)
        client.send(get("/slow") + get("/hello") + get("/query?n=3"))
        client.shutdownWrite()
        let responses = client.readResponses(3)
        XCTAssertEqual(responses.map(\.body), ["slow", "hello", "/query?n=3"])
        XCTAssertEqual(header("Connection", in: responses.last?.head), "close")
        XCTAssertTrue(client.isClosedByPeer())
    }

    // MARK: - Bodies

    func testChunkedUpload_isEchoed() throws {
        try startServer()
        let client = try RawClient(port: port)
        client.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhel")
        usleep(50_000)
        client.send("lo\r\n6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n")
        let response = client.readResponse()
        XCTAssertEqual(response?.status, 200)
        XCTAssertEqual(response?.body, "hello world")
        client.send(get("/hello"))
        XCTAssertEqual(client.readResponse()?.body, "hello", "the connection stays usable after a chunked body")
    }

    func testExpect100Continue_isAnsweredBeforeTheBodyIsSent() throws {
        try startServer()
        let client = try RawClient(port: port)
        client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n")
        let interim = client.readResponse()
        XCTAssertEqual(interim?.status, 100)
        client.send("hello")
        let final = client.readResponse()
        XCTAssertEqual(final?.status, 200)
        XCTAssertEqual(final?.body, "hello")
    }

    func testExpect100ContinueOverBodyLimit_gets413WithoutReadingTheBody() throws {
        var limits = HTTPLimits()
        limits.maxBodyBytes = 10
        try startServer(limits: limits)
        let client = try RawClient(port: port)
        client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\nExpect: 100-continue\r\n\r\n")
        let response = client.readResponse()
        XCTAssertEqual(response?.status, 413, "no 100 Continue: the body is refused from the head alone")
        XCTAssertEqual(header("Connection", in: response?.head), "close")
        XCTAssertTrue(client.isClosedByPeer())
    }

    func testUnsupportedExpectation_gets417() throws {
        try startServer()
        try assertRefusedAndClosed("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nExpect: 200-ok\r\n\r\nok", status: 417)
    }

    func testBodyOverLimit_gets413AndClose() throws {
        var limits = HTTPLimits()
        limits.maxBodyBytes = 16
        try startServer(limits: limits)
        try assertRefusedAndClosed("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n" + String(repeating: "b", count: 100), status: 413)
        try assertRefusedAndClosed("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n20\r\n" + String(repeating: "b", count: 32) + "\r\n0\r\n\r\n", status: 413)
    }

    func testRouteBodyLimit_isUsedBeforeTheBodyIsRead() throws {
        try startServer()
        try assertRefusedAndClosed("POST /small HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello", status: 413)
        let client = try RawClient(port: port)
        client.send("POST /small HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nhell")
        XCTAssertEqual(client.readResponse()?.body, "hell")
    }

    // MARK: - Routing

    func testHeadOnGetRoute_hasGetHeadersAndNoBody() throws {
        try startServer()
        let client = try RawClient(port: port)
        client.send("HEAD /hello HTTP/1.1\r\nHost: x\r\n\r\n" + get("/hello"))
        let head = client.readResponse(bodyless: true)
        let full = client.readResponse()
        XCTAssertEqual(head?.status, 200)
        XCTAssertEqual(head?.body, "")
        XCTAssertEqual(header("Content-Length", in: head?.head), "5")
        XCTAssertEqual(header("Content-Type", in: head?.head), "text/plain")
        XCTAssertEqual(full?.body, "hello", "the next response starts right after HEAD's head: no body was sent")
    }

    func testUnknownPath_gets404AndWrongMethod_gets405WithAllow() throws {
        try startServer()
        let client = try RawClient(port: port)
        client.send(get("/nope") + "DELETE /hello HTTP/1.1\r\nHost: x\r\n\r\n" + get("/echo") + get("/hello"))
        let responses = client.readResponses(4)
        XCTAssertEqual(responses.map(\.status), [404, 405, 405, 200], "a routing miss keeps the connection")
        XCTAssertEqual(header("Allow", in: responses.count > 1 ? responses[1].head : nil), "GET, HEAD")
        XCTAssertEqual(header("Allow", in: responses.count > 2 ? responses[2].head : nil), "POST")
    }

    func testCoreErrors_areRenderedByTheLayerAbove() throws {
        var limits = HTTPLimits()
        limits.maxHeaderBytes = 256
        try startServer(limits: limits, renderError: { error, head in
            HTTPResponse(status: error.status, headers: HTTPHeaders([("x-amzn-ErrorType", "Custom")]),
                         text: "{\"message\":\"\(error.status.code) \(head?.path ?? "-")\"}")
        })
        let client = try RawClient(port: port)
        client.send(get("/nope"))
        let notFound = client.readResponse()
        XCTAssertEqual(notFound?.status, 404)
        XCTAssertEqual(header("x-amzn-ErrorType", in: notFound?.head), "Custom")
        XCTAssertEqual(notFound?.body, "{\"message\":\"404 /nope\"}")
        client.send(get("/hello", "X-Big: " + String(repeating: "b", count: 1000) + "\r\n"))
        let tooLarge = client.readResponse()
        XCTAssertEqual(tooLarge?.status, 431)
        XCTAssertEqual(tooLarge?.body, "{\"message\":\"431 -\"}")
    }

    func testHandlerThatDropsItsResponder_gets500() throws {
        try startServer()
        let client = try RawClient(port: port)
        client.send(get("/drop"))
        XCTAssertEqual(client.readResponse()?.status, 500)
        client.send(get("/hello"))
        XCTAssertEqual(client.readResponse()?.status, 200)
    }

    func testExchangeHook_seesEveryExchange() throws {
        try startServer()
        let client = try RawClient(port: port)
        client.send(get("/hello") + get("/nope"))
        XCTAssertEqual(client.readResponses(2).count, 2)
        XCTAssertTrue(eventually { self.exchanges.records.withLock { $0.count } >= 2 })
        let seen = exchanges.records.withLock { $0.map { "\($0.method) \($0.path) \($0.status)" } }
        XCTAssertEqual(seen, ["GET /hello 200", "GET /nope 404"])
    }

    // MARK: - Refusals

    func testMalformedFraming_gets400AndClose() throws {
        try startServer()
        try assertRefusedAndClosed("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", status: 400)
        try assertRefusedAndClosed("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding : chunked\r\n\r\n0\r\n\r\n", status: 400)
        try assertRefusedAndClosed("GET / HTTP/1.1\r\n\r\n", status: 400)
        try assertRefusedAndClosed("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", status: 505)
        try assertRefusedAndClosed("GET /hello\r\n", status: 400)
    }

    func testTargetTooLong_gets414AndClose() throws {
        var limits = HTTPLimits()
        limits.maxRequestLineBytes = 64
        try startServer(limits: limits)
        try assertRefusedAndClosed(get("/" + String(repeating: "a", count: 200)), status: 414)
    }

    func testHeaderSectionTooLarge_gets431AndClose() throws {
        var limits = HTTPLimits()
        limits.maxHeaderBytes = 256
        try startServer(limits: limits)
        try assertRefusedAndClosed(get("/hello", "X-Big: " + String(repeating: "b", count: 1000) + "\r\n"), status: 431)
    }

    func testSlowHeader_gets408ThenClose() throws {
        var limits = HTTPLimits()
        limits.headerTimeout = 1
        try startServer(limits: limits)
        let client = try RawClient(port: port)
        client.send("GET /hello HTTP/1.1\r\nHo")
        let response = client.readResponse()
        XCTAssertEqual(response?.status, 408)
        XCTAssertEqual(header("Connection", in: response?.head), "close")
        XCTAssertTrue(client.isClosedByPeer())
    }

    func testSlowBody_gets408ThenClose() throws {
        var limits = HTTPLimits()
        limits.bodyTimeout = 1
        try startServer(limits: limits)
        let client = try RawClient(port: port)
        client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc")
        XCTAssertEqual(client.readResponse()?.status, 408)
        XCTAssertTrue(client.isClosedByPeer())
    }

    func testConnectionsOverTheCap_get503AndClose() throws {
        var limits = HTTPLimits()
        limits.maxConnections = 4
        try startServer(limits: limits)
        var held = try (0..<4).map { _ in try RawClient(port: port) }
        for client in held {
            client.send(get("/hello"))
            XCTAssertEqual(client.readResponse()?.status, 200)
        }
        let fifth = try RawClient(port: port)
        let refused = fifth.readResponse()
        XCTAssertEqual(refused?.status, 503)
        XCTAssertEqual(header("Connection", in: refused?.head), "close")
        XCTAssertTrue(fifth.isClosedByPeer())

        held[0].send(get("/hello"))
        XCTAssertEqual(held[0].readResponse()?.status, 200, "the held connections are unaffected")
        held.removeLast()  // closes one: room for a new connection
        XCTAssertTrue(eventually { self.server.connectionCount == 3 })
        let late = try RawClient(port: port)
        late.send(get("/hello"))
        XCTAssertEqual(late.readResponse()?.status, 200)
    }

    // MARK: - Hostile or broken clients

    func testStalledClient_doesNotBlockAnother() throws {
        try startServer()
        let stalledHead = try RawClient(port: port)
        stalledHead.send("GET /hello HTTP/1.1\r\nHo")
        let stalledBody = try RawClient(port: port)
        stalledBody.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nabc")
        let slow = try RawClient(port: port)
        slow.send(get("/slow"))
        let other = try RawClient(port: port)
        for _ in 0..<5 {
            other.send(get("/hello"))
            XCTAssertEqual(other.readResponse()?.body, "hello")
        }
        XCTAssertEqual(slow.readResponse()?.body, "slow")
    }

    func testClientsLeavingMidRequest_doNotStallTheServer() throws {
        try startServer()
        let partials = [
            "GET /hel",
            "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nabc",
            "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab",
            get("/slow"),
            get("/hello") + get("/big"),
        ]
        for (i, partial) in partials.enumerated() {
            let client = try RawClient(port: port)
            client.send(partial)
            if i % 2 == 0 { client.reset() }  // half leave with a reset, half with an orderly close
        }
        let other = try RawClient(port: port)
        other.send(get("/hello"))
        XCTAssertEqual(other.readResponse()?.status, 200)
        other.send(get("/hello", "Connection: close\r\n"))
        XCTAssertEqual(other.readResponse()?.status, 200)
        XCTAssertTrue(other.isClosedByPeer())
        XCTAssertTrue(eventually { self.server.connectionCount == 0 }, "every abandoned connection is released")
    }

    func testClientThatNeverReads_isClosedAfterWriteTimeoutAndOthersAreServed() throws {
        var limits = HTTPLimits()
        limits.writeTimeout = 1
        try startServer(limits: limits)
        let hog = try RawClient(port: port)
        hog.send(get("/big") + get("/big") + get("/big"))
        let other = try RawClient(port: port)
        for _ in 0..<3 {
            other.send(get("/hello"))
            XCTAssertEqual(other.readResponse()?.status, 200)
        }
        XCTAssertTrue(eventually(10) { self.server.connectionCount == 1 }, "the client that never reads is dropped")
        other.send(get("/hello"))
        XCTAssertEqual(other.readResponse()?.status, 200)
        _ = hog
    }

    func testClientResettingDuringLargeResponse_doesNotKillTheServer() throws {
        // SIGPIPE would end this test process: the server must write with MSG_NOSIGNAL.
        try startServer()
        for _ in 0..<5 {
            let client = try RawClient(port: port)
            client.send(get("/big"))
            XCTAssertGreaterThan(client.readSome(), 0)
            client.reset()
        }
        let other = try RawClient(port: port)
        other.send(get("/big"))
        XCTAssertEqual(other.readResponse()?.body.utf8.count, Self.bigBody.count)
    }

    func testAcceptFailingWithEMFILE_backsOffThenServesTheWaitingClients() throws {
        try startServer()
        let warmUp = try RawClient(port: port)  // the server's sources and timers exist before the squeeze
        warmUp.send(get("/hello"))
        XCTAssertEqual(warmUp.readResponse()?.status, 200)

        let address = try SocketAddress(host: "127.0.0.1", port: port)
        let waiting = (0..<3).map { _ in socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0) }
        defer { waiting.forEach { _ = close($0) } }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        for fd in waiting { setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size)) }

        // No descriptor is free below the lowest free one: accept now fails with EMFILE.
        var saved = rlimit()
        getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &saved)
        let lowestFree = dup(0)
        close(lowestFree)
        var squeezed = saved
        squeezed.rlim_cur = rlim_t(lowestFree)
        XCTAssertEqual(setrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &squeezed), 0)
        var storage = address.storage
        for fd in waiting {
            let rc = withUnsafePointer(to: &storage) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, address.length) } }
            XCTAssertEqual(rc, 0, "the kernel completes the handshake; accept is what fails")
        }
        usleep(500_000)
        XCTAssertEqual(setrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &saved), 0)

        // No new connection arrives to wake the listener: the back-off alone must resume accepting.
        let request = Array(get("/hello").utf8)
        for fd in waiting {
            _ = request.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            var buffer = [UInt8](repeating: 0, count: 512)
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            XCTAssertTrue(n > 0 && String(decoding: buffer[0..<max(n, 0)], as: UTF8.self).hasPrefix("HTTP/1.1 200"), "a waiting client is served")
        }
    }

    func testThousandsOfPipelinedRoutingMisses_areAllAnswered() throws {
        // 404s are answered without the worker pool: a long pipeline of them must not recurse
        // once per request on the connection's queue.
        try startServer()
        let client = try RawClient(port: port, timeoutSeconds: 20)
        let count = 20_000
        let request = "GET /nope HTTP/1.1\r\nHost:\r\n\r\n"
        let sender = Thread { client.send(String(repeating: request, count: count)) }
        sender.start()
        var answered = 0
        while answered < count, let response = client.readResponse() {
            if response.status != 404 { break }
            answered += 1
        }
        XCTAssertEqual(answered, count)
    }

    // MARK: - Load

    func testLargeBodyPipelinedBehindSlowRequest_isReadAfterBackPressure() throws {
        try startServer()
        let client = try RawClient(port: port, timeoutSeconds: 10)
        let body = String(repeating: "z", count: 600 * 1024)
        client.send(get("/slow") + "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: \(body.utf8.count)\r\n\r\n" + body + get("/hello"))
        let responses = client.readResponses(3)
        XCTAssertEqual(responses.map(\.status), [200, 200, 200])
        XCTAssertEqual(responses.count > 1 ? responses[1].body.utf8.count : 0, body.utf8.count)
        XCTAssertEqual(responses.last?.body, "hello")
    }

    func testBodyAtTheDefaultLimit_sentAtOnce_isReadWhole() throws {
        try startServer()
        let client = try RawClient(port: port, timeoutSeconds: 10)
        let body = String(repeating: "q", count: HTTPLimits().maxBodyBytes)
        client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: \(body.utf8.count)\r\n\r\n" + body)
        XCTAssertEqual(client.readResponse()?.body.utf8.count, body.utf8.count)
    }

    func testMoreConnectionsThanOneAcceptBatch_areAllServed() throws {
        try startServer()
        // Connections complete in the kernel's backlog before the server accepts them: more than
        // one wake-up's worth must all be accepted without a later connection to trigger it.
        let clients = try (0..<300).map { _ in try RawClient(port: port) }
        for client in clients { client.send(get("/hello")) }
        let answered = clients.filter { $0.readResponse()?.status == 200 }.count
        XCTAssertEqual(answered, clients.count)
    }

    func testTwoHundredConcurrentConnections_fiftyRequestsEach_allAnswered() throws {
        try startServer()
        let connections = 200, rounds = 50, slices = 4
        let clients = try (0..<connections).map { _ in try RawClient(port: port, timeoutSeconds: 20) }
        let wrong = Mutex<[String]>([])
        // Every connection has a request in flight at once each round; a few threads drive them.
        DispatchQueue.concurrentPerform(iterations: slices) { slice in
            let mine = Array(stride(from: slice, to: connections, by: slices))
            for round in 0..<rounds {
                for index in mine {
                    clients[index].send("GET /query?c=\(index)&r=\(round) HTTP/1.1\r\nHost: x\r\n\r\n")
                }
                for index in mine {
                    let response = clients[index].readResponse()
                    let expected = "/query?c=\(index)&r=\(round)"
                    if response?.status != 200 || response?.body != expected {
                        wrong.withLock { $0.append("\(expected): \(response.map { "\($0.status) \($0.body)" } ?? "none")") }
                    }
                }
                if wrong.withLock({ !$0.isEmpty }) { return }
            }
        }
        let failures = wrong.withLock { $0 }
        XCTAssertTrue(failures.isEmpty, "\(failures.count) wrong answers, first: \(failures.prefix(3))")
    }

    // MARK: - Lifecycle

    func testGracefulShutdown_finishesInFlightRequestThenCompletes() throws {
        try startServer()
        let idle = try RawClient(port: port)
        idle.send(get("/hello"))
        XCTAssertEqual(idle.readResponse()?.status, 200)
        let busy = try RawClient(port: port)
        busy.send(get("/slow"))
        usleep(200_000)

        let done = DispatchSemaphore(value: 0)
        server.shutdown { done.signal() }
        XCTAssertTrue(idle.isClosedByPeer(), "idle connections are closed at once")
        XCTAssertEqual(done.wait(timeout: .now()), .timedOut, "not complete while a request is in flight")
        let response = busy.readResponse()
        XCTAssertEqual(response?.status, 200)
        XCTAssertEqual(response?.body, "slow")
        XCTAssertEqual(header("Connection", in: response?.head), "close")
        XCTAssertEqual(done.wait(timeout: .now() + 5), .success)
        XCTAssertThrowsError(try RawClient(port: port), "no longer accepting")
        server = nil
    }

    func testShutdownWithStalledClient_completesAfterGracePeriod() throws {
        try startServer()
        let stalled = try RawClient(port: port, timeoutSeconds: 10)
        stalled.send("GET /hello HTTP/1.1\r\nHo")
        usleep(100_000)
        let done = DispatchSemaphore(value: 0)
        server.shutdown { done.signal() }
        XCTAssertEqual(done.wait(timeout: .now() + 8), .success, "bounded by the grace period (3 s here)")
        XCTAssertTrue(stalled.isClosedByPeer())
        server = nil
    }

    func testShutdownWithOnlyIdleConnections_completesPromptly() throws {
        try startServer()
        let clients = try (0..<5).map { _ in try RawClient(port: port) }
        for client in clients {
            client.send(get("/hello"))
            XCTAssertEqual(client.readResponse()?.status, 200)
        }
        let done = DispatchSemaphore(value: 0)
        server.shutdown { done.signal() }
        for client in clients { XCTAssertTrue(client.isClosedByPeer()) }
        XCTAssertEqual(done.wait(timeout: .now() + 2.5), .success, "well inside the 3 s grace period")
        server = nil
    }

    func testDelayedResponses_doNotHoldHandlerThreads() throws {
        try startServer(handlerThreads: 1)
        let slow = try (0..<5).map { _ in try RawClient(port: port) }
        for client in slow { client.send(get("/slow")) }
        usleep(100_000)
        let quick = try RawClient(port: port)
        quick.send(get("/hello"))
        XCTAssertEqual(quick.readResponse()?.status, 200)
        for client in slow { XCTAssertEqual(client.readResponse()?.body, "slow") }
        let order = exchanges.records.withLock { $0.map(\.path) }
        XCTAssertEqual(order.first, "/hello", "answered while five delayed responses were pending on one thread")
    }

    func testBufferedBodyBudget_isSharedAcrossConnections() throws {
        var limits = HTTPLimits()
        limits.maxBufferedBodyBytes = 100
        try startServer(limits: limits)
        let first = try RawClient(port: port)
        first.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 80\r\n\r\n" + String(repeating: "a", count: 40))
        usleep(100_000)
        let second = try RawClient(port: port)
        second.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 80\r\n\r\n" + String(repeating: "b", count: 80))
        let refused = second.readResponse()
        XCTAssertEqual(refused?.status, 503)
        XCTAssertTrue(second.isClosedByPeer())
        first.send(String(repeating: "a", count: 40))
        XCTAssertEqual(first.readResponse()?.body.utf8.count, 80)
        let third = try RawClient(port: port)
        third.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 80\r\n\r\n" + String(repeating: "c", count: 80))
        XCTAssertEqual(third.readResponse()?.status, 200, "the budget is released when a body is handed over")
    }

    func testShutdownCalledTwice_completesEveryCaller() throws {
        try startServer()
        let busy = try RawClient(port: port)
        busy.send(get("/slow"))
        usleep(100_000)
        let first = DispatchSemaphore(value: 0), second = DispatchSemaphore(value: 0), late = DispatchSemaphore(value: 0)
        server.shutdown { first.signal() }
        server.shutdown { second.signal() }
        XCTAssertEqual(busy.readResponse()?.status, 200)
        XCTAssertEqual(first.wait(timeout: .now() + 5), .success)
        XCTAssertEqual(second.wait(timeout: .now() + 5), .success)
        server.shutdown { late.signal() }
        XCTAssertEqual(late.wait(timeout: .now() + 1), .success, "after completion, a new caller is told at once")
        server = nil
    }

    func testExpect100ContinueWithBodyAlreadySent_getsNoInterimResponse() throws {
        try startServer()
        let client = try RawClient(port: port)
        client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\nhello")
        let response = client.readResponse()
        XCTAssertEqual(response?.status, 200)
        XCTAssertEqual(response?.body, "hello")
    }

    func testIPv6Loopback_listens() throws {
        guard Self.hasIPv6Loopback() else { throw XCTSkip("this machine has no IPv6 loopback") }
        try startServer(host: "::1")
        let client = try RawClient(port: port, host: "::1")
        client.send(get("/hello"))
        XCTAssertEqual(client.readResponse()?.body, "hello")
    }

    func testPortZero_reportsTheBoundPort() throws {
        try startServer()
        XCTAssertGreaterThan(port, 0)
        XCTAssertNotEqual(port, HTTPServerConfiguration().port)
    }

    func testWildcardAddress_acceptsLoopbackClients() throws {
        try startServer(host: "0.0.0.0")
        let client = try RawClient(port: port)
        client.send(get("/hello"))
        XCTAssertEqual(client.readResponse()?.status, 200)
    }

    func testPortInUse_isReportedAsAddressInUse() throws {
        try startServer()
        var configuration = HTTPServerConfiguration()
        configuration.port = port
        let second = HTTPServer(configuration: configuration, router: Router())
        XCTAssertThrowsError(try second.start()) { error in
            XCTAssertEqual(error as? SocketError, .addressInUse("127.0.0.1:\(self.port)"))
        }
        second.shutdown {}
    }

    func testHostThatIsNotALiteral_isRefused() {
        XCTAssertThrowsError(try SocketAddress(host: "example.com", port: 80)) { error in
            XCTAssertEqual(error as? SocketError, .invalidAddress("example.com"))
        }
        XCTAssertThrowsError(try SocketAddress(host: "127.0.0.1", port: 70000))
        XCTAssertEqual(try SocketAddress(host: "::1", port: 8080).urlString, "http://[::1]:8080")
        XCTAssertEqual(try SocketAddress(host: "localhost", port: 8080).urlString, "http://127.0.0.1:8080")
    }

    private static func hasIPv6Loopback() -> Bool {
        guard let address = try? SocketAddress(host: "::1", port: 0) else { return false }
        let fd = socket(AF_INET6, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var storage = address.storage
        return withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, address.length) == 0 }
        }
    }
}

/// Exchange records seen by the server's hook.
final class ExchangeLog: Sendable {
    let records = Mutex<[HTTPExchangeRecord]>([])
}
