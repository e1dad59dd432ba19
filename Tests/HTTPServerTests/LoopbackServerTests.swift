import Dispatch
import Glibc
import XCTest
@testable import HTTPServer

final class LoopbackServerTests: XCTestCase {
    var server: HTTPServer!
    var port = 0

    func startServer(limits: HTTPLimits = HTTPLimits(), configure: ((inout Router) -> Void)? = nil) throws {
        var router = Router()
        router.add("GET", "/hello") { _, responder in
            responder.respond(HTTPResponse(status: .ok, headers: HTTPHeaders([("Content-Type", "text/plain")]), text: "hello"))
        }
        router.add("POST", "/echo") { request, responder in
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
        configure?(&router)
        var configuration = HTTPServerConfiguration()
        configuration.port = 0
        configuration.limits = limits
        configuration.shutdownGracePeriod = 3
        server = HTTPServer(configuration: configuration, router: router)
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
        }
    }
}
