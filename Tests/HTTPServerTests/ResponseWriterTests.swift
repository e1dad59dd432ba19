import XCTest
@testable import HTTPServer

final class ResponseWriterTests: XCTestCase {
    private let date = "Sun, 06 Nov 1994 08:49:37 GMT"

    private func text(_ response: HTTPResponse, omitBody: Bool = false, close: Bool = false, keepAliveHTTP10: Bool = false) -> String {
        String(decoding: ResponseWriter.serialize(response, omitBody: omitBody, close: close, keepAliveHTTP10: keepAliveHTTP10, date: date), as: UTF8.self)
    }

    func testResponse_carriesDateAndContentLength() {
        XCTAssertEqual(text(HTTPResponse(status: .ok, headers: HTTPHeaders([("Content-Type", "text/plain")]), text: "hi")),
                       "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nDate: \(date)\r\nContent-Length: 2\r\n\r\nhi")
    }

    func testClosingResponse_saysConnectionClose() {
        XCTAssertEqual(text(HTTPResponse(status: .notFound), close: true),
                       "HTTP/1.1 404 Not Found\r\nDate: \(date)\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        XCTAssertTrue(text(HTTPResponse(status: .ok), keepAliveHTTP10: true).contains("\r\nConnection: keep-alive\r\n"))
    }

    func testHeadResponse_keepsContentLengthWithoutBody() {
        XCTAssertEqual(text(HTTPResponse(status: .ok, text: "hello"), omitBody: true),
                       "HTTP/1.1 200 OK\r\nDate: \(date)\r\nContent-Length: 5\r\n\r\n")
    }

    func testHandlerFramingFields_areReplaced() {
        let headers = HTTPHeaders([("content-length", "99"), ("Transfer-Encoding", "chunked"), ("Connection", "keep-alive"), ("DATE", "x"), ("X-Kept", "1")])
        XCTAssertEqual(text(HTTPResponse(status: .ok, headers: headers, text: "ab")),
                       "HTTP/1.1 200 OK\r\nX-Kept: 1\r\nDate: \(date)\r\nContent-Length: 2\r\n\r\nab")
    }

    func testCRLFInHandlerValue_cannotSplitTheResponse() {
        let out = text(HTTPResponse(status: .ok, headers: HTTPHeaders([("X-A", "a\r\nSet-Cookie: evil")])))
        XCTAssertTrue(out.contains("\r\nX-A: aSet-Cookie: evil\r\n"))
    }

    func testHTTPDate_isIMFFixdate() {
        XCTAssertEqual(HTTPDate.format(epochSeconds: 784_111_777), "Sun, 06 Nov 1994 08:49:37 GMT")
        XCTAssertEqual(HTTPDate.format(epochSeconds: 0), "Thu, 01 Jan 1970 00:00:00 GMT")
    }

    func testHeaders_lookUpCaseInsensitivelyAndSplitLists() {
        let headers = HTTPHeaders([("Connection", "keep-alive, Upgrade"), ("connection", " close ,"), ("X", "1")])
        XCTAssertEqual(headers["CONNECTION"], "keep-alive, Upgrade")
        XCTAssertEqual(headers.values("connection"), ["keep-alive, Upgrade", " close ,"])
        XCTAssertEqual(headers.listValues("Connection"), ["keep-alive", "Upgrade", "close"])
        var copy = headers
        copy.set("x", "2")
        XCTAssertEqual(copy.values("X"), ["2"])
    }
}
