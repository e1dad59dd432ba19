import Testing
@testable import HTTPServer

@Suite struct ResponseWriterTests {
    private let date = "Sun, 06 Nov 1994 08:49:37 GMT"

    private func text(_ response: HTTPResponse, omitBody: Bool = false, close: Bool = false, keepAliveHTTP10: Bool = false) -> String {
        String(decoding: ResponseWriter.serialize(response, omitBody: omitBody, close: close, keepAliveHTTP10: keepAliveHTTP10, date: date), as: UTF8.self)
    }

    @Test func response_carriesDateAndContentLength() {
        #expect(text(HTTPResponse(status: .ok, headers: HTTPHeaders([("Content-Type", "text/plain")]), text: "hi")) == "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nDate: \(date)\r\nContent-Length: 2\r\n\r\nhi")
    }

    @Test func closingResponse_saysConnectionClose() {
        #expect(text(HTTPResponse(status: .notFound), close: true) == "HTTP/1.1 404 Not Found\r\nDate: \(date)\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        #expect(text(HTTPResponse(status: .ok), keepAliveHTTP10: true).contains("\r\nConnection: keep-alive\r\n"))
    }

    @Test func headResponse_keepsContentLengthWithoutBody() {
        #expect(text(HTTPResponse(status: .ok, text: "hello"), omitBody: true) == "HTTP/1.1 200 OK\r\nDate: \(date)\r\nContent-Length: 5\r\n\r\n")
    }

    @Test func handlerFramingFields_areReplaced() {
        let headers = HTTPHeaders([("content-length", "99"), ("Transfer-Encoding", "chunked"), ("Connection", "keep-alive"), ("DATE", "x"), ("X-Kept", "1")])
        #expect(text(HTTPResponse(status: .ok, headers: headers, text: "ab")) == "HTTP/1.1 200 OK\r\nX-Kept: 1\r\nDate: \(date)\r\nContent-Length: 2\r\n\r\nab")
    }

    @Test func crlfInHandlerValue_cannotSplitTheResponse() {
        let out = text(HTTPResponse(status: .ok, headers: HTTPHeaders([("X-A", "a\r\nSet-Cookie: evil")])))
        #expect(out.contains("\r\nX-A: aSet-Cookie: evil\r\n"))
    }

    @Test func httpDate_isIMFFixdate() {
        #expect(HTTPDate.format(epochSeconds: 784_111_777) == "Sun, 06 Nov 1994 08:49:37 GMT")
        #expect(HTTPDate.format(epochSeconds: 0) == "Thu, 01 Jan 1970 00:00:00 GMT")
    }

    @Test func headers_lookUpCaseInsensitivelyAndSplitLists() {
        let headers = HTTPHeaders([("Connection", "keep-alive, Upgrade"), ("connection", " close ,"), ("X", "1")])
        #expect(headers["CONNECTION"] == "keep-alive, Upgrade")
        #expect(headers.values("connection") == ["keep-alive, Upgrade", " close ,"])
        #expect(headers.listValues("Connection") == ["keep-alive", "Upgrade", "close"])
        var copy = headers
        copy.set("x", "2")
        #expect(copy.values("X") == ["2"])
    }
}
