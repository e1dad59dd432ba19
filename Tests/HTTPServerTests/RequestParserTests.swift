import Testing
@testable import HTTPServer

/// One test per rule of RFC 9112, each a table of raw byte strings. Every string is parsed
/// twice, whole and one byte at a time, and both must give the same requests or the same error.
@Suite struct RequestParserTests {

    // MARK: - Helpers

    private func outcome(_ raw: String, limits: HTTPLimits, bodyLimit: Int,
                         sourceLocation: SourceLocation) -> ParseOutcome {
        let bytes = Array(raw.utf8)
        let whole = ParseOutcome.parse(bytes, limits: limits, bodyLimit: bodyLimit, byteAtATime: false)
        let split = ParseOutcome.parse(bytes, limits: limits, bodyLimit: bodyLimit, byteAtATime: true)
        #expect(whole == split, "whole vs byte-at-a-time differ for \(raw.debugDescription)", sourceLocation: sourceLocation)
        // And split in two at every point: each boundary exercises a different resume state.
        for cut in stride(from: 1, to: bytes.count, by: 1) {
            let two = ParseOutcome.parse(pieces: [Array(bytes[..<cut]), Array(bytes[cut...])], limits: limits, bodyLimit: bodyLimit)
            if two != whole {
                Issue.record("split at \(cut) differs for \(raw.debugDescription): \(two) vs \(whole)", sourceLocation: sourceLocation)
                break
            }
        }
        return whole
    }

    /// Asserts `raw` parses without error into `count` requests, and returns them.
    @discardableResult
    private func assertParses(_ raw: String, count: Int = 1, limits: HTTPLimits = HTTPLimits(),
                              bodyLimit: Int = 1 << 20, sourceLocation: SourceLocation = #_sourceLocation) -> [HTTPRequest] {
        let result = outcome(raw, limits: limits, bodyLimit: bodyLimit, sourceLocation: sourceLocation)
        #expect(result.error == nil, "unexpected error for \(raw.debugDescription)", sourceLocation: sourceLocation)
        #expect(result.requests.count == count, "request count for \(raw.debugDescription)", sourceLocation: sourceLocation)
        return result.requests
    }

    private func assertRejects(_ raw: String, _ expected: HTTPParseError, status: Int, before: Int = 0,
                               limits: HTTPLimits = HTTPLimits(), bodyLimit: Int = 1 << 20,
                               sourceLocation: SourceLocation = #_sourceLocation) {
        let result = outcome(raw, limits: limits, bodyLimit: bodyLimit, sourceLocation: sourceLocation)
        #expect(result.error == expected, "for \(raw.debugDescription)", sourceLocation: sourceLocation)
        #expect(result.error?.status.code == status, "status for \(raw.debugDescription)", sourceLocation: sourceLocation)
        #expect(result.requests.count == before, "requests before the error in \(raw.debugDescription)", sourceLocation: sourceLocation)
    }

    private func post(_ fields: String, body: String = "", version: String = "HTTP/1.1") -> String {
        "POST /upload \(version)\r\nHost: x\r\n\(fields)\r\n\(body)"
    }

    private func chunked(_ body: String) -> String {
        post("Transfer-Encoding: chunked\r\n", body: body)
    }

    // MARK: - Valid requests

    @Test func contentLengthBody_isRead() {
        let r = assertParses(post("Content-Length: 11\r\n", body: "hello world"))
        #expect(r.first?.method == "POST")
        #expect(r.first?.path == "/upload")
        #expect(r.first?.body == Array("hello world".utf8))
    }

    @Test func pathSegments_decodeEachSegmentOnItsOwn_soAnEncodedSlashStaysInside() {
        let r = assertParses("GET /v2/a%2Fb/c%20d/?x=%2F HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(r.first?.path == "/v2/a/b/c d/")
        #expect(r.first?.head.pathSegments == ["v2", "a/b", "c d", ""])
        let absolute = assertParses("GET http://h:1/x%2Fy HTTP/1.1\r\nHost: h\r\n\r\n")
        #expect(absolute.first?.head.pathSegments == ["x/y"])
    }

    @Test func zeroContentLength_hasEmptyBody() {
        let r = assertParses(post("Content-Length: 0\r\n") + "GET / HTTP/1.1\r\nHost: x\r\n\r\n", count: 2)
        #expect(r.first?.body == [])
        #expect(r.last?.method == "GET")
    }

    @Test func requestWithoutFraming_hasNoBody() {
        let r = assertParses("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(r.first?.body == [])
        #expect(r.first?.head.version == "HTTP/1.1")
    }

    @Test func chunkedBodyWithExtensionsAndTrailers_isDecoded() {
        let r = assertParses(chunked("5;name=value\r\nhello\r\n6 ; a=\"b c\";flag\r\n world\r\nA\r\n0123456789\r\n0\r\nX-Checksum: abc\r\nx-other:  1 \r\n\r\n"))
        #expect((r.first.map { String(decoding: $0.body, as: UTF8.self) }) == "hello world0123456789")
        #expect(r.first?.trailers == HTTPHeaders([("X-Checksum", "abc"), ("x-other", "1")]))
        #expect(!(r.first?.headers.contains("X-Checksum") ?? true), "trailers stay apart from the head's fields")
    }

    @Test func chunkedCodingName_isCaseInsensitive() {
        let r = assertParses(post("Transfer-Encoding: ChUnKeD\r\n", body: "3\r\nabc\r\n0\r\n\r\n"))
        #expect(r.first?.body == Array("abc".utf8))
    }

    @Test func chunkSizeWithLeadingZerosAndUppercaseHex_isAccepted() {
        let r = assertParses(chunked("000B\r\nhello world\r\n00\r\n\r\n"))
        #expect(r.first?.body.count == 11)
    }

    @Test func pipelinedRequests_areReturnedInOrder() {
        let raw = "GET /a HTTP/1.1\r\nHost: x\r\n\r\n"
            + post("Content-Length: 3\r\n", body: "abc")
            + chunked("2\r\nde\r\n0\r\n\r\n")
            + "DELETE /d?x=1 HTTP/1.1\r\nHost: x\r\n\r\n"
        let r = assertParses(raw, count: 4)
        #expect(r.map(\.method) == ["GET", "POST", "POST", "DELETE"])
        #expect((r.map { String(decoding: $0.body, as: UTF8.self) }) == ["", "abc", "de", ""])
    }

    @Test func http10WithoutHost_isAccepted() {
        let r = assertParses("GET / HTTP/1.0\r\n\r\n")
        #expect(r.first?.head.versionMinor == 0)
        #expect(r.first?.head.wantsKeepAlive == false)
        let k = assertParses("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n")
        #expect(k.first?.head.wantsKeepAlive == true)
    }

    @Test func connectionClose_endsKeepAlive() {
        let cases = ["Connection: close", "connection: keep-alive, CLOSE", "Connection: upgrade\r\nConnection: close"]
        for fields in cases {
            let r = assertParses("GET / HTTP/1.1\r\nHost: x\r\n\(fields)\r\n\r\n")
            #expect(r.first?.head.wantsKeepAlive == false, "\(fields)")
        }
        #expect(assertParses("GET / HTTP/1.1\r\nHost: x\r\n\r\n").first?.head.wantsKeepAlive == true)
    }

    @Test func higherHTTP1MinorVersion_isAnsweredAsHTTP11() {
        let r = assertParses("GET / HTTP/1.7\r\nHost: x\r\n\r\n")
        #expect(r.first?.head.versionMinor == 1)
    }

    @Test func absoluteFormTarget_yieldsPathAndQuery() {
        let cases: [(target: String, path: String, query: [String])] = [
            ("http://example.com/a%20b?x=1", "/a b", ["x=1"]),
            ("HTTPS://example.com:8443", "/", []),
            ("http://example.com?y=2", "/", ["y=2"]),
        ]
        for c in cases {
            let r = assertParses("GET \(c.target) HTTP/1.1\r\nHost: example.com\r\n\r\n")
            #expect(r.first?.head.target == c.target, "the raw target is kept")
            #expect(r.first?.path == c.path)
            #expect(r.first?.head.query.map { "\($0.name)=\($0.value)" } == c.query)
        }
    }

    @Test func asteriskFormTarget_isAcceptedForOptionsOnly() {
        #expect((assertParses("OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n").first?.path) == "*")
        assertRejects("GET * HTTP/1.1\r\nHost: x\r\n\r\n", .invalidTarget("*"), status: 400)
    }

    @Test func queryString_isSplitAndPercentDecodedInOrder() {
        let r = assertParses("GET /a%2Fb/c?b=2&a=%20x%2F&flag&empty=&plus=a+b&a=dup&&k%3D=v%3D HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(r.first?.path == "/a/b/c")
        #expect(r.first?.head.target == "/a%2Fb/c?b=2&a=%20x%2F&flag&empty=&plus=a+b&a=dup&&k%3D=v%3D")
        let query = r.first?.head.query.map { [$0.name, $0.value] }
        #expect(query == [["b", "2"], ["a", " x/"], ["flag", ""], ["empty", ""], ["plus", "a+b"], ["a", "dup"], ["k=", "v="]])
    }

    @Test func targetDelimitersFollowedByCombiningMarks_splitAsBytes() {
        // U+0301 after `?`, `&` and `=` makes one Character with each; RFC 3986 splits on the byte.
        let r = assertParses("GET /p?\u{301}a=1&\u{301}b=\u{301}2 HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(r.first?.path == "/p")
        #expect(r.first?.head.query.map { [$0.name, $0.value] } == [["\u{301}a", "1"], ["\u{301}b", "\u{301}2"]])
        let absolute = assertParses("GET http://h?\u{301}c=3 HTTP/1.1\r\nHost: h\r\n\r\n")
        #expect(absolute.first?.path == "/")
        #expect(absolute.first?.head.query.map { [$0.name, $0.value] } == [["\u{301}c", "3"]])
    }

    @Test func malformedPercentEscape_isRejected() {
        for target in ["/a%zz", "/a%2", "/?q=%", "/?%G1=1"] {
            assertRejects("GET \(target) HTTP/1.1\r\nHost: x\r\n\r\n", .invalidTarget(target), status: 400)
        }
    }

    @Test func targetNotInOriginOrAbsoluteForm_isRejected() {
        for target in ["example.com", "ftp://x/y", "a/b"] {
            assertRejects("GET \(target) HTTP/1.1\r\nHost: x\r\n\r\n", .invalidTarget(target), status: 400)
        }
    }

    @Test func leadingEmptyLines_areIgnored() {
        let r = assertParses("\r\n\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(r.first?.method == "GET")
        // Between pipelined requests too (a client's stray CRLF after a body).
        assertParses(post("Content-Length: 2\r\n", body: "ab") + "\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n", count: 2)
    }

    @Test func repeatedHeaders_areKeptInOrder() {
        let r = assertParses("GET / HTTP/1.1\r\nHost: x\r\nX-A: 1\r\nX-B: 2\r\nx-a: 3\r\nSet: a, b\r\n\r\n")
        let headers = r.first?.headers
        #expect(headers == HTTPHeaders([("Host", "x"), ("X-A", "1"), ("X-B", "2"), ("x-a", "3"), ("Set", "a, b")]))
        #expect(headers?.values("X-A") == ["1", "3"])
    }

    @Test func headerNames_areCaseInsensitive() {
        let r = assertParses("POST / HTTP/1.1\r\nhOsT: x\r\ncontent-LENGTH: 3\r\n\r\nabc")
        #expect(r.first?.body == Array("abc".utf8))
        #expect(r.first?.headers["HOST"] == "x")
        #expect(r.first?.headers["Content-Length"] == "3")
        assertRejects("GET / HTTP/1.1\r\nHOST: a\r\nhost: a\r\n\r\n", .duplicateHost, status: 400)
    }

    @Test func fieldValueWhitespace_isTrimmedAndInnerKept() {
        let r = assertParses("GET / HTTP/1.1\r\nHost:x\r\nX-A: \t a  b \t\r\nX-Empty:\r\nX-Obs: caf\u{E9}\r\n\r\n")
        #expect(r.first?.headers["X-A"] == "a  b")
        #expect(r.first?.headers["X-Empty"] == "")
        #expect(r.first?.headers["X-Obs"] == "caf\u{E9}", "obs-text is tolerated")
    }

    @Test func duplicateIdenticalContentLength_isAccepted() {
        for fields in ["Content-Length: 5\r\nContent-Length: 5\r\n", "Content-Length: 5, 5\r\n", "Content-Length: 005\r\n"] {
            let r = assertParses(post(fields, body: "hello"))
            #expect(r.first?.body == Array("hello".utf8), "\(fields)")
        }
    }

    @Test func expect100Continue_isAccepted() {
        let r = assertParses(post("Content-Length: 2\r\nExpect: 100-Continue\r\n", body: "ok"))
        #expect(r.first?.body == Array("ok".utf8))
    }

    @Test func expectationOnHTTP10_isIgnored() {
        assertParses("GET / HTTP/1.0\r\nExpect: something\r\n\r\n")
    }

    @Test func headStep_comesBeforeTheBodyIsRead() throws {
        var parser = RequestParser()
        parser.append(Array(post("Content-Length: 4\r\n").utf8))
        guard case .head(let head, .length(4)) = try parser.next() else { Issue.record("expected a head"); return }
        #expect(head.path == "/upload")
        try parser.beginBody(limit: 10)
        #expect(try parser.next() == .needMoreData)
        parser.append(Array("body".utf8))
        guard case .request(let request) = try parser.next() else { Issue.record("expected the request"); return }
        #expect(request.body == Array("body".utf8))
        #expect(parser.isIdle)
    }

    @Test func errors_areFinal() {
        var parser = RequestParser()
        parser.append(Array("GET / HTTP/1.1\r\n\r\n".utf8))
        #expect(throws: HTTPParseError.missingHost) { try parser.next() }
        parser.append(Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
        #expect(throws: HTTPParseError.missingHost) { try parser.next() }
    }

    // MARK: - Framing: Content-Length and Transfer-Encoding (RFC 9112 §6)

    @Test func contentLengthWithTransferEncoding_isRejected() {
        // CL.TE and TE.CL: either order is a smuggling attempt.
        assertRejects(post("Content-Length: 5\r\nTransfer-Encoding: chunked\r\n", body: "0\r\n\r\n"), .contentLengthWithTransferEncoding, status: 400)
        assertRejects(post("Transfer-Encoding: chunked\r\nContent-Length: 5\r\n", body: "0\r\n\r\n"), .contentLengthWithTransferEncoding, status: 400)
        assertRejects(post("Transfer-Encoding: gzip\r\nContent-Length: 0\r\n"), .contentLengthWithTransferEncoding, status: 400)
    }

    @Test func differingContentLengths_areRejected() {
        assertRejects(post("Content-Length: 5\r\nContent-Length: 6\r\n", body: "hello!"), .conflictingContentLength, status: 400)
        assertRejects(post("Content-Length: 5, 6\r\n", body: "hello!"), .conflictingContentLength, status: 400)
        assertRejects(post("Content-Length: 0\r\ncontent-length: 1\r\n", body: "a"), .conflictingContentLength, status: 400)
    }

    @Test func invalidContentLength_isRejected() {
        let values = ["+5", "-1", "0x5", "", "5a", "5 5", "5.0", "1e3", "5,", ",5", "99999999999999999999", "9223372036854775808", "\u{0663}"]
        for value in values {
            assertRejects(post("Content-Length: \(value)\r\n", body: "hello"), .invalidContentLength(value), status: 400)
        }
    }

    @Test func transferCodingNotEndingInChunked_isRejected() {
        for te in ["chunked, identity", "chunked, gzip", "chunked, chunked", "chunked,"] {
            assertRejects(post("Transfer-Encoding: \(te)\r\n", body: "0\r\n\r\n"), .chunkedNotLast(te), status: 400)
        }
        // Split over two fields: the codings are read as one list (RFC 9110 §5.3).
        assertRejects(post("Transfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n", body: "0\r\n\r\n"),
                      .chunkedNotLast("chunked, identity"), status: 400)
    }

    @Test func unknownTransferCoding_isNotImplemented() {
        for te in ["xchunked", "gzip, chunked", "identity", "gzip", "chunkedx", "x-chunked", "\"chunked\""] {
            assertRejects(post("Transfer-Encoding: \(te)\r\n", body: "0\r\n\r\n"), .unsupportedTransferCoding(te), status: 501)
        }
        assertRejects(post("Transfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n", body: "0\r\n\r\n"),
                      .unsupportedTransferCoding("gzip, chunked"), status: 501)
    }

    @Test func transferEncodingOnHTTP10_isRejected() {
        assertRejects(post("Transfer-Encoding: chunked\r\n", body: "0\r\n\r\n", version: "HTTP/1.0"), .transferEncodingOnHTTP10, status: 400)
    }

    // MARK: - Chunked coding (RFC 9112 §7.1)

    @Test func invalidChunkSize_isRejected() {
        let lines = ["0x5", "-5", "+5", " 5", "5 ", "", "g", "5\t", "5 x", "10000000000000000", "FFFFFFFFFFFFFFFFF"]
        for size in lines {
            assertRejects(chunked("\(size)\r\nhello\r\n0\r\n\r\n"), .invalidChunkSize(size), status: 400)
        }
    }

    @Test func chunkExtensionWithControlCharacter_isRejected() {
        assertRejects(chunked("5;a=\u{0}\r\nhello\r\n0\r\n\r\n"), .invalidChunkSize("5;a=\u{0}"), status: 400)
    }

    @Test func chunkDataNotFollowedByCRLF_isRejected() {
        for body in ["5\r\nhelloX\r\n0\r\n\r\n", "5\r\nhello\n0\r\n\r\n", "5\r\nhello\rX0\r\n\r\n", "3\r\nhello\r\n0\r\n\r\n"] {
            assertRejects(chunked(body), .invalidChunkTerminator, status: 400)
        }
    }

    @Test func chunkSizeLineWithBareLineEnding_isRejected() {
        assertRejects(chunked("5\nhello\r\n0\r\n\r\n"), .bareLineFeedOrCarriageReturn, status: 400)
        assertRejects(chunked("5\r\nhello\r\n0\n\r\n"), .bareLineFeedOrCarriageReturn, status: 400)
        assertRejects(chunked("5\rX\r\nhello\r\n0\r\n\r\n"), .bareLineFeedOrCarriageReturn, status: 400)
    }

    @Test func chunkSizeLineTooLong_isRejected() {
        var limits = HTTPLimits()
        limits.maxChunkLineBytes = 16
        let size = "5;" + String(repeating: "a", count: 40)
        assertRejects(chunked("\(size)\r\nhello\r\n0\r\n\r\n"), .invalidChunkSize("chunk line too long"), status: 400, limits: limits)
    }

    @Test func malformedTrailer_isRejected() {
        assertRejects(chunked("0\r\nX-A: 1\r\n folded\r\n\r\n"), .obsoleteLineFolding, status: 400)
        assertRejects(chunked("0\r\nX-A : 1\r\n\r\n"), .whitespaceBeforeColon("X-A"), status: 400)
        assertRejects(chunked("0\r\nX-A: a\u{0}b\r\n\r\n"), .invalidHeaderValue(name: "X-A"), status: 400)
        assertRejects(chunked("0\r\nX-A: 1\n\r\n"), .bareLineFeedOrCarriageReturn, status: 400)
    }

    @Test func chunkedBodyOverLimit_isRejected() {
        assertRejects(chunked("4\r\nabcd\r\n4\r\nefgh\r\n0\r\n\r\n"), .bodyTooLarge(limit: 6), status: 413, bodyLimit: 6)
        // A size near Int.max must not overflow the running total.
        assertRejects(chunked("2\r\nab\r\nFFFFFFFFFFFFFFF\r\n"), .bodyTooLarge(limit: 6), status: 413, bodyLimit: 6)
        assertParses(chunked("3\r\nabc\r\n3\r\ndef\r\n0\r\n\r\n"), bodyLimit: 6)
    }

    // MARK: - Field syntax (RFC 9112 §5, RFC 9110 §5.5)

    @Test func obsoleteLineFolding_isRejected() {
        assertRejects("GET / HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n  continued\r\n\r\n", .obsoleteLineFolding, status: 400)
        assertRejects("GET / HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n\tcontinued\r\n\r\n", .obsoleteLineFolding, status: 400)
        assertRejects("GET / HTTP/1.1\r\n Host: x\r\n\r\n", .obsoleteLineFolding, status: 400)
    }

    @Test func whitespaceBeforeColon_isRejected() {
        assertRejects(post("Transfer-Encoding : chunked\r\n", body: "0\r\n\r\n"), .whitespaceBeforeColon("Transfer-Encoding"), status: 400)
        assertRejects("GET / HTTP/1.1\r\nHost\t: x\r\n\r\n", .whitespaceBeforeColon("Host"), status: 400)
        assertRejects(post("Content-Length : 5\r\n", body: "hello"), .whitespaceBeforeColon("Content-Length"), status: 400)
    }

    @Test func invalidFieldName_isRejected() {
        for (field, name) in [("X A: 1", "X A"), (": 1", ""), ("(x): 1", "(x)"), ("X\u{0}: 1", "X\u{0}"), ("NoColon", "NoColon")] {
            assertRejects("GET / HTTP/1.1\r\nHost: x\r\n\(field)\r\n\r\n", .invalidHeaderName(name), status: 400)
        }
    }

    @Test func controlCharactersInFieldValue_areRejected() {
        for value in ["a\u{0}b", "\u{0}", "a\u{7F}", "a\u{1B}b", "a\u{0B}"] {
            assertRejects("GET / HTTP/1.1\r\nHost: x\r\nX-A: \(value)\r\n\r\n", .invalidHeaderValue(name: "X-A"), status: 400)
        }
        // CR or LF inside a value is a bare line ending: the field could be read as two.
        assertRejects("GET / HTTP/1.1\r\nHost: x\r\nX-A: a\rb\r\n\r\n", .bareLineFeedOrCarriageReturn, status: 400)
        assertRejects("GET / HTTP/1.1\r\nHost: x\r\nX-A: a\nContent-Length: 5\r\n\r\nhello", .bareLineFeedOrCarriageReturn, status: 400)
    }

    @Test func bareLineEndings_areRejected() {
        let cases = [
            "GET / HTTP/1.1\nHost: x\n\n",
            "GET / HTTP/1.1\rHost: x\r\r",
            "GET / HTTP/1.1\r\nHost: x\n\r\n",
            "GET / HTTP/1.1\r\nHost: x\r\n\n",
            "GET / HTTP/1.1\r\nHost: x\r\r\n\r\n",
            "\nGET / HTTP/1.1\r\nHost: x\r\n\r\n",
            "\r\rGET / HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: x\r\n\r\r\n",
        ]
        for raw in cases {
            assertRejects(raw, .bareLineFeedOrCarriageReturn, status: 400)
        }
    }

    // MARK: - Host (RFC 9112 §3.2)

    @Test func missingHostOnHTTP11_isRejected() {
        assertRejects("GET / HTTP/1.1\r\n\r\n", .missingHost, status: 400)
        assertRejects("GET / HTTP/1.1\r\nX-Host: x\r\n\r\n", .missingHost, status: 400)
    }

    @Test func duplicateHost_isRejected() {
        assertRejects("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", .duplicateHost, status: 400)
        assertRejects("GET / HTTP/1.0\r\nHost: a\r\nHost: a\r\n\r\n", .duplicateHost, status: 400)
    }

    @Test func emptyHost_isAccepted() {
        assertParses("GET / HTTP/1.1\r\nHost:\r\n\r\n")
    }

    // MARK: - Request line and version (RFC 9112 §2.3, §3)

    @Test func http2Preface_isVersionNotSupported() {
        assertRejects("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", .http2Preface, status: 505)
    }

    @Test func unknownMajorVersion_isVersionNotSupported() {
        for version in ["HTTP/2.0", "HTTP/3.0", "HTTP/0.9", "HTTP/9.9"] {
            assertRejects("GET / \(version)\r\nHost: x\r\n\r\n", .unsupportedVersion(version), status: 505)
        }
    }

    @Test func http09Request_isRejected() {
        // An HTTP/0.9 client sends one line and waits: the answer must not wait for a blank line.
        assertRejects("GET /\r\n", .http09Request, status: 400)
        assertRejects("GET /index.html\r\n\r\n", .http09Request, status: 400)
    }

    @Test func malformedRequestLine_isRejected() {
        let lines = [
            "GET / HTTP/1.1 ", "GET  / HTTP/1.1", " GET / HTTP/1.1", "GET / http/1.1", "GET / HTTP/1",
            "GET / HTTP/1.10", "GET / HTTP/11", "GET / HTTP/1.x", "GET / HTTPS/1.1", "GET / HTTP/1.1x",
            "GET\t/ HTTP/1.1", "G(T / HTTP/1.1", "GET /a\u{0}b HTTP/1.1", "GET", "GET / HTTP/1.1 extra",
        ]
        for line in lines {
            assertRejects("\(line)\r\nHost: x\r\n\r\n", .invalidRequestLine(line), status: 400)
        }
    }

    // MARK: - Limits

    @Test func requestLineTooLong_isURITooLong() {
        var limits = HTTPLimits()
        limits.maxRequestLineBytes = 64
        let long = "GET /" + String(repeating: "a", count: 100) + " HTTP/1.1\r\nHost: x\r\n\r\n"
        assertRejects(long, .requestTargetTooLong(limit: 64), status: 414, limits: limits)
        // Even when the head as a whole is also over its limit, the request line is what is too long.
        limits.maxHeaderBytes = 80
        assertRejects(long, .requestTargetTooLong(limit: 64), status: 414, limits: limits)
        // A line that never ends is refused as soon as it passes the limit.
        assertRejects("GET /" + String(repeating: "a", count: 100), .requestTargetTooLong(limit: 64), status: 414, limits: limits)
    }

    @Test func requestLineAtTheLimit_isAccepted() {
        var limits = HTTPLimits()
        limits.maxRequestLineBytes = 64
        let line = "GET /" + String(repeating: "a", count: 64 - 14) + " HTTP/1.1"
        #expect(line.utf8.count == 64)
        assertParses(line + "\r\nHost: x\r\n\r\n", limits: limits)
        assertRejects("GET /a" + line.dropFirst(5) + "\r\nHost: x\r\n\r\n", .requestTargetTooLong(limit: 64), status: 414, limits: limits)
    }

    @Test func headerSectionTooLarge_isRejected() {
        var limits = HTTPLimits()
        limits.maxHeaderBytes = 128
        let big = "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + String(repeating: "b", count: 200) + "\r\n\r\n"
        assertRejects(big, .headerSectionTooLarge(limit: 128), status: 431, limits: limits)
        // A head that never ends is refused once it passes the limit.
        assertRejects(String(big.dropLast(4)), .headerSectionTooLarge(limit: 128), status: 431, limits: limits)
        // Endless leading-field-like lines without a blank line, too.
        assertRejects("GET / HTTP/1.1\r\n" + String(repeating: "A: b\r\n", count: 40), .headerSectionTooLarge(limit: 128), status: 431, limits: limits)
    }

    @Test func headerSectionAtTheLimit_isAccepted() {
        var limits = HTTPLimits()
        limits.maxHeaderBytes = 64
        let prefix = "GET / HTTP/1.1\r\nHost: x\r\nX-Pad: "  // request line and fields count with their CRLFs
        let pad = String(repeating: "p", count: 64 - prefix.utf8.count - 2)
        assertParses(prefix + pad + "\r\n\r\n", limits: limits)
        assertRejects(prefix + pad + "p\r\n\r\n", .headerSectionTooLarge(limit: 64), status: 431, limits: limits)
    }

    @Test func tooManyHeaderFields_isRejected() {
        var limits = HTTPLimits()
        limits.maxHeaderFields = 3
        assertParses("GET / HTTP/1.1\r\nHost: x\r\nA: 1\r\nB: 2\r\n\r\n", limits: limits)
        assertRejects("GET / HTTP/1.1\r\nHost: x\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n", .tooManyHeaderFields(limit: 3), status: 431, limits: limits)
        assertRejects(chunked("0\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n"), .tooManyHeaderFields(limit: 3), status: 431, limits: limits)
    }

    @Test func trailerSectionTooLarge_isRejected() {
        var limits = HTTPLimits()
        limits.maxHeaderBytes = 128
        assertRejects(chunked("0\r\nX-T: " + String(repeating: "t", count: 200) + "\r\n\r\n"), .headerSectionTooLarge(limit: 128), status: 431, limits: limits)
    }

    @Test func contentLengthOverBodyLimit_isRejectedBeforeTheBody() {
        // beginBody refuses from the head alone: no body byte has been sent yet.
        assertRejects(post("Content-Length: 10\r\n"), .bodyTooLarge(limit: 5), status: 413, bodyLimit: 5)
        assertRejects(post("Content-Length: 999999999999999999\r\n"), .bodyTooLarge(limit: 5), status: 413, bodyLimit: 5)
        assertParses(post("Content-Length: 5\r\n", body: "hello"), bodyLimit: 5)
    }

    @Test func unsupportedExpectation_isExpectationFailed() {
        assertRejects(post("Content-Length: 2\r\nExpect: 200-ok\r\n", body: "ok"), .unsupportedExpectation("200-ok"), status: 417)
        assertRejects(post("Content-Length: 2\r\nExpect: 100-continue\r\nExpect: foo\r\n", body: "ok"), .unsupportedExpectation("foo"), status: 417)
    }

    @Test func longPipelinedStreamInOddPieces_isParsedWhole() {
        // Enough bytes that the parser compacts its buffer while requests are half-received.
        var stream: [UInt8] = []
        for i in 0..<300 {
            let body = String(repeating: "b", count: i % 37)
            let request = i % 2 == 0
                ? "POST /p\(i) HTTP/1.1\r\nHost: x\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
                : "POST /p\(i) HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + (body.isEmpty ? "" : "\(String(body.utf8.count, radix: 16))\r\n\(body)\r\n") + "0\r\n\r\n"
            stream += Array(request.utf8)
        }
        for size in [7, 13, 4096, 5000] {
            let pieces = stride(from: 0, to: stream.count, by: size).map { Array(stream[$0..<min($0 + size, stream.count)]) }
            let result = ParseOutcome.parse(pieces: pieces)
            #expect(result.error == nil)
            #expect(result.requests.map(\.path) == ((0..<300).map { "/p\($0)" }), "pieces of \(size)")
            #expect(result.requests.map(\.body.count) == ((0..<300).map { $0 % 37 }), "pieces of \(size)")
        }
    }

    @Test func mutatedRequests_neverCrashAndSplitReadsAgree() {
        // Deterministic mutation fuzzing over valid requests: flip, insert and delete bytes
        // (favouring the bytes that matter to framing), then parse whole and byte at a time.
        let seeds = [
            post("Content-Length: 5\r\n", body: "hello"),
            chunked("5;a=b\r\nhello\r\n0\r\nT: 1\r\n\r\n"),
            "GET http://h/p?q=%20 HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\n\r\n",
        ]
        let interesting: [UInt8] = Array("\r\n\0 :;,0x-+9\tFf".utf8)
        var rng = SplitMix64(seed: 0x5E5)
        var limits = HTTPLimits()
        limits.maxHeaderBytes = 96
        limits.maxRequestLineBytes = 40
        limits.maxHeaderFields = 4
        for round in 0..<3000 {
            var bytes = Array(seeds[round % seeds.count].utf8)
            for _ in 0..<(1 + Int(rng.next() % 4)) {
                let at = Int(rng.next() % UInt64(bytes.count))
                let byte = rng.next() % 3 == 0 ? UInt8(truncatingIfNeeded: rng.next()) : interesting[Int(rng.next() % UInt64(interesting.count))]
                switch rng.next() % 3 {
                case 0: bytes[at] = byte
                case 1: bytes.insert(byte, at: at)
                default: if bytes.count > 1 { bytes.remove(at: at) }
                }
            }
            let whole = ParseOutcome.parse(bytes, limits: limits, bodyLimit: 64, byteAtATime: false)
            let split = ParseOutcome.parse(bytes, limits: limits, bodyLimit: 64, byteAtATime: true)
            if whole != split {
                Issue.record("round \(round): whole \(whole) vs split \(split) for \(String(decoding: bytes, as: UTF8.self).debugDescription)")
                return
            }
        }
    }

    @Test func errorAfterValidPipelinedRequest_keepsTheFirst() {
        let raw = "GET /a HTTP/1.1\r\nHost: x\r\n\r\n" + post("Content-Length: 1\r\nContent-Length: 2\r\n", body: "ab")
        assertRejects(raw, .conflictingContentLength, status: 400, before: 1)
    }
}

/// A small deterministic generator, so a failing fuzz round can be replayed.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
