import Dispatch
import Glibc
import Synchronization
import Testing
@testable import HTTPServer

/// The real server on a loopback port chosen by the kernel, driven by raw sockets. Every read is
/// bounded by the client's socket timeout; nothing asserts a wall-clock speed.
@Suite(.serialized) final class LoopbackServerTests {
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

    deinit {
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
                                        sourceLocation: SourceLocation = #_sourceLocation) throws {
        let client = try RawClient(port: port)
        client.send(request)
        let response = client.readResponse()
        #expect(response?.status == status, sourceLocation: sourceLocation)
        #expect(header("Connection", in: response?.head) == "close", sourceLocation: sourceLocation)
        #expect(header("Date", in: response?.head) != nil, sourceLocation: sourceLocation)
        #expect(header("Content-Length", in: response?.head) == response.map { "\($0.body.utf8.count)" }, sourceLocation: sourceLocation)
        #expect(client.isClosedByPeer(), "the connection is closed after \(status)", sourceLocation: sourceLocation)
    }

    // MARK: - Persistence (RFC 9112 §9)

    @Test func keepAliveServesSeveralRequestsOnOneConnection() throws {
        try startServer()
        let client = try RawClient(port: port)
        for _ in 0..<3 {
            client.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
            let responses = client.readResponses(1)
            #expect(responses.first?.status == 200)
            #expect(responses.first?.body == "hello")
            #expect(responses.first?.head.contains("Date: ") ?? false)
            #expect(responses.first?.head.contains("Content-Length: 5") ?? false)
            #expect(header("Connection", in: responses.first?.head) == nil)
        }
    }

    @Test func connectionClose_isHonoured() throws {
        try startServer()
        let client = try RawClient(port: port)
        client.send(get("/hello", "Connection: close\r\n"))
        let response = client.readResponse()
        #expect(response?.status == 200)
        #expect(header("Connection", in: response?.head) == "close")
        #expect(client.isClosedByPeer())
    }

    @Test func http10_closesUnlessKeepAliveIsAsked() throws {
        try startServer()
        let plain = try RawClient(port: port)
        plain.send("GET /hello HTTP/1.0\r\n\r\n")
        let first = plain.readResponse()
        #expect(first?.status == 200)
        #expect(header("Connection", in: first?.head) == "close")
        #expect(plain.isClosedByPeer())

        let keepAlive = try RawClient(port: port)
        for _ in 0..<2 {
            keepAlive.send("GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            let response = keepAlive.readResponse()
            #expect(response?.status == 200)
            #expect(header("Connection", in: response?.head) == "keep-alive")
        }
    }

    @Test func idleConnection_isClosedAfterIdleTimeout() throws {
        var limits = HTTPLimits()
        limits.idleTimeout = 1
        try startServer(limits: limits)
        let client = try RawClient(port: port)
        client.send(get("/hello"))
        #expect(client.readResponse()?.status == 200)
        #expect(client.isClosedByPeer(), "closed, with nothing sent, once idle for the timeout")
    }

    @Test func emptyLines_doNotKeepAnIdleConnectionOpen() throws {
        var limits = HTTPLimits()
        limits.idleTimeout = 2
        try startServer(limits: limits)
        let client = try RawClient(port: port, timeoutSeconds: 1)
        // RFC 9112 §2.2 lets a server ignore empty lines before a request; they are not activity.
        for _ in 0..<16 {
            client.send("\r\n")
            usleep(250_000)
        }
        #expect(client.isClosedByPeer(), "closed by the idle timeout despite the stray CRLFs")
    }

    // MARK: - Pipelining

    @Test func pipelinedRequests_areAnsweredInOrder() throws {
        try startServer()
        let client = try RawClient(port: port)
        client.send(get("/slow") + get("/hello") + "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc" + get("/query?b=%20"))
        let responses = client.readResponses(4)
        #expect(responses.map(\.status) == [200, 200, 200, 200])
        #expect(responses.map(\.body) == ["slow", "hello", "abc", "/query?b= "])
    }

    @Test func pipelinedRequestsThenHalfClose_areAllAnswered() throws {
        try startServer()
        let client = try RawClient(port: port)
        client.send(get("/slow") + get("/hello") + get("/query?n=3"))
        client.shutdownWrite()
        let responses = client.readResponses(3)
        #expect(responses.map(\.body) == ["slow", "hello", "/query?n=3"])
        #expect(header("Connection", in: responses.last?.head) == "close")
        #expect(client.isClosedByPeer())
    }

    // MARK: - Bodies

    @Test func chunkedUpload_isEchoed() throws {
        try startServer()
        let client = try RawClient(port: port)
        client.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhel")
        usleep(50_000)
        client.send("lo\r\n6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n")
        let response = client.readResponse()
        #expect(response?.status == 200)
        #expect(response?.body == "hello world")
        client.send(get("/hello"))
        #expect(client.readResponse()?.body == "hello", "the connection stays usable after a chunked body")
    }

    @Test func expect100Continue_isAnsweredBeforeTheBodyIsSent() throws {
        try startServer()
        let client = try RawClient(port: port)
        client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n")
        let interim = client.readResponse()
        #expect(interim?.status == 100)
        client.send("hello")
        let final = client.readResponse()
        #expect(final?.status == 200)
        #expect(final?.body == "hello")
    }

    @Test func expect100ContinueOverBodyLimit_gets413WithoutReadingTheBody() throws {
        var limits = HTTPLimits()
        limits.maxBodyBytes = 10
        try startServer(limits: limits)
        let client = try RawClient(port: port)
        client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\nExpect: 100-continue\r\n\r\n")
        let response = client.readResponse()
        #expect(response?.status == 413, "no 100 Continue: the body is refused from the head alone")
        #expect(header("Connection", in: response?.head) == "close")
        #expect(client.isClosedByPeer())
    }

    @Test func unsupportedExpectation_gets417() throws {
        try startServer()
        try assertRefusedAndClosed("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nExpect: 200-ok\r\n\r\nok", status: 417)
    }

    @Test func bodyOverLimit_gets413AndClose() throws {
        var limits = HTTPLimits()
        limits.maxBodyBytes = 16
        try startServer(limits: limits)
        try assertRefusedAndClosed("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n" + String(repeating: "b", count: 100), status: 413)
        try assertRefusedAndClosed("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n20\r\n" + String(repeating: "b", count: 32) + "\r\n0\r\n\r\n", status: 413)
    }

    @Test func routeBodyLimit_isUsedBeforeTheBodyIsRead() throws {
        try startServer()
        try assertRefusedAndClosed("POST /small HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello", status: 413)
        let client = try RawClient(port: port)
        client.send("POST /small HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nhell")
        #expect(client.readResponse()?.body == "hell")
    }

    // MARK: - Routing

    @Test func headOnGetRoute_hasGetHeadersAndNoBody() throws {
        try startServer()
        let client = try RawClient(port: port)
        client.send("HEAD /hello HTTP/1.1\r\nHost: x\r\n\r\n" + get("/hello"))
        let head = client.readResponse(bodyless: true)
        let full = client.readResponse()
        #expect(head?.status == 200)
        #expect(head?.body == "")
        #expect(header("Content-Length", in: head?.head) == "5")
        #expect(header("Content-Type", in: head?.head) == "text/plain")
        #expect(full?.body == "hello", "the next response starts right after HEAD's head: no body was sent")
    }

    @Test func unknownPath_gets404AndWrongMethod_gets405WithAllow() throws {
        try startServer()
        let client = try RawClient(port: port)
        client.send(get("/nope") + "DELETE /hello HTTP/1.1\r\nHost: x\r\n\r\n" + get("/echo") + get("/hello"))
        let responses = client.readResponses(4)
        #expect(responses.map(\.status) == [404, 405, 405, 200], "a routing miss keeps the connection")
        #expect((header("Allow", in: responses.count > 1 ? responses[1].head : nil)) == "GET, HEAD")
        #expect((header("Allow", in: responses.count > 2 ? responses[2].head : nil)) == "POST")
    }

    @Test func coreErrors_areRenderedByTheLayerAbove() throws {
        var limits = HTTPLimits()
        limits.maxHeaderBytes = 256
        try startServer(limits: limits, renderError: { error, head in
            HTTPResponse(status: error.status, headers: HTTPHeaders([("x-amzn-ErrorType", "Custom")]),
                         text: "{\"message\":\"\(error.status.code) \(head?.path ?? "-")\"}")
        })
        let client = try RawClient(port: port)
        client.send(get("/nope"))
        let notFound = client.readResponse()
        #expect(notFound?.status == 404)
        #expect(header("x-amzn-ErrorType", in: notFound?.head) == "Custom")
        #expect(notFound?.body == "{\"message\":\"404 /nope\"}")
        client.send(get("/hello", "X-Big: " + String(repeating: "b", count: 1000) + "\r\n"))
        let tooLarge = client.readResponse()
        #expect(tooLarge?.status == 431)
        #expect(tooLarge?.body == "{\"message\":\"431 -\"}")
    }

    @Test func handlerThatDropsItsResponder_gets500() throws {
        try startServer()
        let client = try RawClient(port: port)
        client.send(get("/drop"))
        #expect(client.readResponse()?.status == 500)
        client.send(get("/hello"))
        #expect(client.readResponse()?.status == 200)
    }

    @Test func exchangeHook_seesEveryExchange() throws {
        try startServer()
        let client = try RawClient(port: port)
        client.send(get("/hello") + get("/nope"))
        #expect(client.readResponses(2).count == 2)
        #expect(eventually { self.exchanges.records.withLock { $0.count } >= 2 })
        let seen = exchanges.records.withLock { $0.map { "\($0.method) \($0.path) \($0.status)" } }
        #expect(seen == ["GET /hello 200", "GET /nope 404"])
    }

    // MARK: - Refusals

    @Test func malformedFraming_gets400AndClose() throws {
        try startServer()
        try assertRefusedAndClosed("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", status: 400)
        try assertRefusedAndClosed("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding : chunked\r\n\r\n0\r\n\r\n", status: 400)
        try assertRefusedAndClosed("GET / HTTP/1.1\r\n\r\n", status: 400)
        try assertRefusedAndClosed("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", status: 505)
        try assertRefusedAndClosed("GET /hello\r\n", status: 400)
    }

    @Test func targetTooLong_gets414AndClose() throws {
        var limits = HTTPLimits()
        limits.maxRequestLineBytes = 64
        try startServer(limits: limits)
        try assertRefusedAndClosed(get("/" + String(repeating: "a", count: 200)), status: 414)
    }

    @Test func headerSectionTooLarge_gets431AndClose() throws {
        var limits = HTTPLimits()
        limits.maxHeaderBytes = 256
        try startServer(limits: limits)
        try assertRefusedAndClosed(get("/hello", "X-Big: " + String(repeating: "b", count: 1000) + "\r\n"), status: 431)
    }

    @Test func slowHeader_gets408ThenClose() throws {
        var limits = HTTPLimits()
        limits.headerTimeout = 1
        try startServer(limits: limits)
        let client = try RawClient(port: port)
        client.send("GET /hello HTTP/1.1\r\nHo")
        let response = client.readResponse()
        #expect(response?.status == 408)
        #expect(header("Connection", in: response?.head) == "close")
        #expect(client.isClosedByPeer())
    }

    @Test func slowBody_gets408ThenClose() throws {
        var limits = HTTPLimits()
        limits.bodyTimeout = 1
        try startServer(limits: limits)
        let client = try RawClient(port: port)
        client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc")
        #expect(client.readResponse()?.status == 408)
        #expect(client.isClosedByPeer())
    }

    @Test func connectionsOverTheCap_get503AndClose() throws {
        var limits = HTTPLimits()
        limits.maxConnections = 4
        try startServer(limits: limits)
        var held = try (0..<4).map { _ in try RawClient(port: port) }
        for client in held {
            client.send(get("/hello"))
            #expect(client.readResponse()?.status == 200)
        }
        let fifth = try RawClient(port: port)
        let refused = fifth.readResponse()
        #expect(refused?.status == 503)
        #expect(header("Connection", in: refused?.head) == "close")
        #expect(fifth.isClosedByPeer())

        held[0].send(get("/hello"))
        #expect(held[0].readResponse()?.status == 200, "the held connections are unaffected")
        held.removeLast()  // closes one: room for a new connection
        #expect(eventually { self.server.connectionCount == 3 })
        let late = try RawClient(port: port)
        late.send(get("/hello"))
        #expect(late.readResponse()?.status == 200)
    }

    // MARK: - Hostile or broken clients

    @Test func stalledClient_doesNotBlockAnother() throws {
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
            #expect(other.readResponse()?.body == "hello")
        }
        #expect(slow.readResponse()?.body == "slow")
    }

    @Test func clientsLeavingMidRequest_doNotStallTheServer() throws {
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
        #expect(other.readResponse()?.status == 200)
        other.send(get("/hello", "Connection: close\r\n"))
        #expect(other.readResponse()?.status == 200)
        #expect(other.isClosedByPeer())
        #expect(eventually { self.server.connectionCount == 0 }, "every abandoned connection is released")
    }

    @Test func clientThatNeverReads_isClosedAfterWriteTimeoutAndOthersAreServed() throws {
        var limits = HTTPLimits()
        limits.writeTimeout = 1
        try startServer(limits: limits)
        let hog = try RawClient(port: port)
        hog.send(get("/big") + get("/big") + get("/big"))
        let other = try RawClient(port: port)
        for _ in 0..<3 {
            other.send(get("/hello"))
            #expect(other.readResponse()?.status == 200)
        }
        #expect(eventually(10) { self.server.connectionCount == 1 }, "the client that never reads is dropped")
        other.send(get("/hello"))
        #expect(other.readResponse()?.status == 200)
        _ = hog
    }

    @Test func clientResettingDuringLargeResponse_doesNotKillTheServer() throws {
        // SIGPIPE would end this test process: the server must write with MSG_NOSIGNAL.
        try startServer()
        for _ in 0..<5 {
            let client = try RawClient(port: port)
            client.send(get("/big"))
            #expect(client.readSome() > 0)
            client.reset()
        }
        let other = try RawClient(port: port)
        other.send(get("/big"))
        #expect(other.readResponse()?.body.utf8.count == Self.bigBody.count)
    }

    @Test func acceptFailingWithEMFILE_backsOffThenServesTheWaitingClients() throws {
        try startServer()
        let warmUp = try RawClient(port: port)  // the server's sources and timers exist before the squeeze
        warmUp.send(get("/hello"))
        #expect(warmUp.readResponse()?.status == 200)

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
        #expect(setrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &squeezed) == 0)
        var storage = address.storage
        for fd in waiting {
            let rc = withUnsafePointer(to: &storage) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, address.length) } }
            #expect(rc == 0, "the kernel completes the handshake; accept is what fails")
        }
        usleep(500_000)
        #expect(setrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &saved) == 0)

        // No new connection arrives to wake the listener: the back-off alone must resume accepting.
        let request = Array(get("/hello").utf8)
        for fd in waiting {
            _ = request.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            var buffer = [UInt8](repeating: 0, count: 512)
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            #expect(n > 0 && String(decoding: buffer[0..<max(n, 0)], as: UTF8.self).hasPrefix("HTTP/1.1 200"), "a waiting client is served")
        }
    }

    @Test func thousandsOfPipelinedRoutingMisses_areAllAnswered() throws {
        // 404s are answered without the worker pool: a long pipeline of them must not recurse
        // once per request on the event loop.
        try startServer()
        let client = try RawClient(port: port, timeoutSeconds: 20)
        let count = 20_000
        let request = "GET /nope HTTP/1.1\r\nHost:\r\n\r\n"
        DispatchQueue.global().async { client.send(String(repeating: request, count: count)) }
        var answered = 0
        while answered < count, let response = client.readResponse() {
            if response.status != 404 { break }
            answered += 1
        }
        #expect(answered == count)
    }

    // MARK: - Load

    @Test func largeBodyPipelinedBehindSlowRequest_isReadAfterBackPressure() throws {
        try startServer()
        let client = try RawClient(port: port, timeoutSeconds: 10)
        let body = String(repeating: "z", count: 600 * 1024)
        client.send(get("/slow") + "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: \(body.utf8.count)\r\n\r\n" + body + get("/hello"))
        let responses = client.readResponses(3)
        #expect(responses.map(\.status) == [200, 200, 200])
        #expect((responses.count > 1 ? responses[1].body.utf8.count : 0) == body.utf8.count)
        #expect(responses.last?.body == "hello")
    }

    @Test func bodyAtTheDefaultLimit_sentAtOnce_isReadWhole() throws {
        try startServer()
        let client = try RawClient(port: port, timeoutSeconds: 10)
        let body = String(repeating: "q", count: HTTPLimits().maxBodyBytes)
        client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: \(body.utf8.count)\r\n\r\n" + body)
        #expect(client.readResponse()?.body.utf8.count == body.utf8.count)
    }

    @Test func moreConnectionsThanOneAcceptBatch_areAllServed() throws {
        try startServer()
        // Connections complete in the kernel's backlog before the server accepts them: more than
        // one wake-up's worth must all be accepted without a later connection to trigger it.
        let clients = try (0..<300).map { _ in try RawClient(port: port) }
        for client in clients { client.send(get("/hello")) }
        let answered = clients.filter { $0.readResponse()?.status == 200 }.count
        #expect(answered == clients.count)
    }

    @Test func twoHundredConcurrentConnections_fiftyRequestsEach_allAnswered() throws {
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
        #expect(failures.isEmpty, "\(failures.count) wrong answers, first: \(failures.prefix(3))")
    }

    // MARK: - Lifecycle

    @Test func gracefulShutdown_finishesInFlightRequestThenCompletes() throws {
        try startServer()
        let idle = try RawClient(port: port)
        idle.send(get("/hello"))
        #expect(idle.readResponse()?.status == 200)
        let busy = try RawClient(port: port)
        busy.send(get("/slow"))
        usleep(200_000)

        let done = DispatchSemaphore(value: 0)
        server.shutdown { done.signal() }
        #expect(idle.isClosedByPeer(), "idle connections are closed at once")
        #expect(done.wait(timeout: .now()) == .timedOut, "not complete while a request is in flight")
        let response = busy.readResponse()
        #expect(response?.status == 200)
        #expect(response?.body == "slow")
        #expect(header("Connection", in: response?.head) == "close")
        #expect((done.wait(timeout: .now() + 5)) == .success)
        #expect(throws: (any Error).self, "no longer accepting") { try RawClient(port: self.port) }
        server = nil
    }

    @Test func shutdownWithStalledClient_completesAfterGracePeriod() throws {
        try startServer()
        let stalled = try RawClient(port: port, timeoutSeconds: 10)
        stalled.send("GET /hello HTTP/1.1\r\nHo")
        usleep(100_000)
        let done = DispatchSemaphore(value: 0)
        server.shutdown { done.signal() }
        #expect((done.wait(timeout: .now() + 8)) == .success, "bounded by the grace period (3 s here)")
        #expect(stalled.isClosedByPeer())
        server = nil
    }

    @Test func shutdownWithOnlyIdleConnections_completesPromptly() throws {
        try startServer()
        let clients = try (0..<5).map { _ in try RawClient(port: port) }
        for client in clients {
            client.send(get("/hello"))
            #expect(client.readResponse()?.status == 200)
        }
        let done = DispatchSemaphore(value: 0)
        server.shutdown { done.signal() }
        for client in clients { #expect(client.isClosedByPeer()) }
        #expect((done.wait(timeout: .now() + 2.5)) == .success, "well inside the 3 s grace period")
        server = nil
    }

    @Test func delayedResponses_doNotHoldHandlerThreads() throws {
        try startServer(handlerThreads: 1)
        let slow = try (0..<5).map { _ in try RawClient(port: port) }
        for client in slow { client.send(get("/slow")) }
        usleep(100_000)
        let quick = try RawClient(port: port)
        quick.send(get("/hello"))
        #expect(quick.readResponse()?.status == 200)
        for client in slow { #expect(client.readResponse()?.body == "slow") }
        let order = exchanges.records.withLock { $0.map(\.path) }
        #expect(order.first == "/hello", "answered while five delayed responses were pending on one thread")
    }

    @Test func inlineAnswers_needNoHandlerThread_andAHandOffRunsOnAHandlerThread() throws {
        let release = DispatchSemaphore(value: 0)
        try startServer(handlerThreads: 1, configure: { router in
            router.add("GET", "/block") { _, responder in
                release.wait()
                responder.respond(HTTPResponse(status: .ok, text: "unblocked"))
            }
            router.add("GET", "/maybe", inline: { request in
                guard request.head.query.isEmpty else { return .answered(HTTPResponse(status: .ok, text: "inline")) }
                let seenInline = request.head.path
                return .handOff { _, responder in responder.respond(HTTPResponse(status: .ok, text: "handed off from \(seenInline)")) }
            }) { _, responder in
                responder.respond(HTTPResponse(status: .ok, text: "route's handler"))
            }
        })
        let blocker = try RawClient(port: port)
        blocker.send(get("/block"))
        usleep(100_000)
        let client = try RawClient(port: port)
        client.send(get("/maybe?now=1"))
        #expect(client.readResponse()?.body == "inline", "answered while the only handler thread is blocked")
        // Pipelined: the inline answers keep their places around one that waits for the handler.
        client.send(get("/maybe?a=1") + get("/maybe") + get("/maybe?b=2"))
        release.signal()
        #expect(blocker.readResponse()?.body == "unblocked")
        #expect(client.readResponses(3).map(\.body) == ["inline", "handed off from /maybe", "inline"])
    }

    @Test func bufferedBodyBudget_isSharedAcrossConnections() throws {
        var limits = HTTPLimits()
        limits.maxBufferedBodyBytes = 100
        try startServer(limits: limits)
        let first = try RawClient(port: port)
        first.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 80\r\n\r\n" + String(repeating: "a", count: 40))
        usleep(100_000)
        let second = try RawClient(port: port)
        second.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 80\r\n\r\n" + String(repeating: "b", count: 80))
        let refused = second.readResponse()
        #expect(refused?.status == 503)
        #expect(second.isClosedByPeer())
        first.send(String(repeating: "a", count: 40))
        #expect(first.readResponse()?.body.utf8.count == 80)
        let third = try RawClient(port: port)
        third.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 80\r\n\r\n" + String(repeating: "c", count: 80))
        #expect(third.readResponse()?.status == 200, "the budget is released when a body is handed over")
    }

    @Test func shutdownCalledTwice_completesEveryCaller() throws {
        try startServer()
        let busy = try RawClient(port: port)
        busy.send(get("/slow"))
        usleep(100_000)
        let first = DispatchSemaphore(value: 0), second = DispatchSemaphore(value: 0), late = DispatchSemaphore(value: 0)
        server.shutdown { first.signal() }
        server.shutdown { second.signal() }
        #expect(busy.readResponse()?.status == 200)
        #expect((first.wait(timeout: .now() + 5)) == .success)
        #expect((second.wait(timeout: .now() + 5)) == .success)
        server.shutdown { late.signal() }
        #expect((late.wait(timeout: .now() + 1)) == .success, "after completion, a new caller is told at once")
        server = nil
    }

    @Test func expect100ContinueWithBodyAlreadySent_getsNoInterimResponse() throws {
        try startServer()
        let client = try RawClient(port: port)
        client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\nhello")
        let response = client.readResponse()
        #expect(response?.status == 200)
        #expect(response?.body == "hello")
    }

    @Test(.enabled(if: LoopbackServerTests.hasIPv6Loopback(), "this machine has no IPv6 loopback"))
    func ipv6Loopback_listens() throws {
        try startServer(host: "::1")
        let client = try RawClient(port: port, host: "::1")
        client.send(get("/hello"))
        #expect(client.readResponse()?.body == "hello")
    }

    @Test func portZero_reportsTheBoundPort() throws {
        try startServer()
        #expect(port > 0)
        #expect(port != HTTPServerConfiguration().port)
    }

    @Test func wildcardAddress_acceptsLoopbackClients() throws {
        try startServer(host: "0.0.0.0")
        let client = try RawClient(port: port)
        client.send(get("/hello"))
        #expect(client.readResponse()?.status == 200)
    }

    @Test func portInUse_isReportedAsAddressInUse() throws {
        try startServer()
        var configuration = HTTPServerConfiguration()
        configuration.port = port
        let second = HTTPServer(configuration: configuration, router: Router())
        #expect(throws: SocketError.addressInUse("127.0.0.1:\(port)")) { try second.start() }
        second.shutdown {}
    }

    @Test func hostThatIsNotALiteral_isRefused() throws {
        #expect(throws: SocketError.invalidAddress("example.com")) { try SocketAddress(host: "example.com", port: 80) }
        #expect(throws: (any Error).self) { try SocketAddress(host: "127.0.0.1", port: 70000) }
        #expect(try SocketAddress(host: "::1", port: 8080).urlString == "http://[::1]:8080")
        #expect(try SocketAddress(host: "localhost", port: 8080).urlString == "http://127.0.0.1:8080")
    }

    static func hasIPv6Loopback() -> Bool {
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
