/// An incremental HTTP/1.1 request parser (RFC 9112): bytes in, request heads and complete requests
/// out. It owns the connection's input buffer so pipelined requests stay queued in order.
///
/// The caller drives it: `append` what was read, then call `next()` until it needs more data.
/// After a `.head` step the caller decides the body limit (per route) and calls `beginBody(limit:)`;
/// only then are body bytes consumed, so a too-large body is refused before it is read.
/// Every error is final: framing is in doubt, so the connection must be closed after answering.
public struct RequestParser: Sendable {
    public enum Step: Sendable, Equatable {
        case needMoreData
        case head(HTTPRequestHead, BodyFraming)
        case request(HTTPRequest)
    }

    private enum State: Sendable {
        case head
        case awaitingBodyDecision(HTTPRequestHead, BodyFraming)
        case fixedBody(HTTPRequestHead, remaining: Int)
        case chunkSize(HTTPRequestHead)
        case chunkData(HTTPRequestHead, remaining: Int)
        case chunkDataEnd(HTTPRequestHead)
        case trailers(HTTPRequestHead)
        case failed(HTTPParseError)
    }

    public let limits: HTTPLimits
    private var state: State = .head
    private var buffer: [UInt8] = []
    private var readIndex = 0
    /// Where the search for the end of the head (or of a line) resumes after more data arrives.
    private var scanIndex = 0
    /// Start of the head line being scanned, and whether the request line has been seen.
    private var headLineStart = 0
    /// The request line, parsed as soon as it is complete and not again with the fields.
    private var requestLine: RequestLine?
    private var body: [UInt8] = []
    private var bodyLimit = 0
    private var trailerBytes = 0
    private var trailers = HTTPHeaders()

    public init(limits: HTTPLimits = HTTPLimits()) {
        self.limits = limits
    }

    /// Bytes received but not yet consumed by a request.
    public var bufferedByteCount: Int { buffer.count - readIndex }

    /// Body bytes of the current request taken so far (what the connection holds in memory for it).
    public var bodyByteCount: Int { body.count }

    /// True between requests with nothing buffered: the connection is idle.
    public var isIdle: Bool {
        if case .head = state { return bufferedByteCount == 0 }
        return false
    }

    /// True while a request head has started arriving but is not complete.
    public var isReceivingHead: Bool {
        if case .head = state { return bufferedByteCount > 0 }
        return false
    }

    public mutating func append(_ bytes: UnsafeRawBufferPointer) {
        compactIfWorthwhile()
        buffer.append(contentsOf: bytes)
    }

    public mutating func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { append($0) }
    }

    public mutating func next() throws(HTTPParseError) -> Step {
        do {
            return try advance()
        } catch {
            state = .failed(error)
            throw error
        }
    }

    /// Accepts the body of the head just returned, with the caller's limit for its route.
    public mutating func beginBody(limit: Int) throws(HTTPParseError) {
        guard case .awaitingBodyDecision(let head, let framing) = state else {
            preconditionFailure("beginBody(limit:) called without a pending request head")
        }
        bodyLimit = limit
        body = []
        trailers = HTTPHeaders()
        trailerBytes = 0
        switch framing {
        case .none:
            state = .fixedBody(head, remaining: 0)
        case .length(let n):
            if n > limit {
                state = .failed(.bodyTooLarge(limit: limit))
                throw .bodyTooLarge(limit: limit)
            }
            body.reserveCapacity(n)
            state = .fixedBody(head, remaining: n)
        case .chunked:
            state = .chunkSize(head)
        }
    }

    // MARK: - State machine

    private mutating func advance() throws(HTTPParseError) -> Step {
        while true {
            switch state {
            case .failed(let error):
                throw error
            case .head:
                guard let (head, framing) = try parseHead() else { return .needMoreData }
                state = .awaitingBodyDecision(head, framing)
                return .head(head, framing)
            case .awaitingBodyDecision:
                preconditionFailure("next() called before beginBody(limit:)")
            case .fixedBody(let head, let remaining):
                let left = takeBody(remaining)
                if left > 0 {
                    state = .fixedBody(head, remaining: left)
                    return .needMoreData
                }
                return finish(head)
            case .chunkSize(let head):
                guard let line = try takeLine(limit: limits.maxChunkLineBytes, tooLong: .invalidChunkSize("chunk line too long")) else {
                    return .needMoreData
                }
                let size = try Self.parseChunkSize(line)
                if size == 0 {
                    state = .trailers(head)
                } else {
                    if size > bodyLimit - body.count { throw .bodyTooLarge(limit: bodyLimit) }
                    state = .chunkData(head, remaining: size)
                }
            case .chunkData(let head, let remaining):
                let left = takeBody(remaining)
                if left > 0 {
                    state = .chunkData(head, remaining: left)
                    return .needMoreData
                }
                state = .chunkDataEnd(head)
            case .chunkDataEnd(let head):
                guard bufferedByteCount >= 2 else {
                    if bufferedByteCount == 1 && buffer[readIndex] != ASCII.cr { throw .invalidChunkTerminator }
                    return .needMoreData
                }
                guard buffer[readIndex] == ASCII.cr, buffer[readIndex + 1] == ASCII.lf else {
                    throw .invalidChunkTerminator
                }
                readIndex += 2
                state = .chunkSize(head)
            case .trailers(let head):
                let remainingAllowance = limits.maxHeaderBytes - trailerBytes
                guard let line = try takeLine(limit: remainingAllowance, tooLong: .headerSectionTooLarge(limit: limits.maxHeaderBytes)) else {
                    return .needMoreData
                }
                trailerBytes += line.count + 2
                if line.isEmpty { return finish(head) }
                if trailers.count >= limits.maxHeaderFields { throw .tooManyHeaderFields(limit: limits.maxHeaderFields) }
                let field = try Self.parseField(line[...])
                trailers.add(field.name, field.value)
            }
        }
    }

    /// Moves up to `remaining` buffered bytes into the body; returns how many are still to come.
    private mutating func takeBody(_ remaining: Int) -> Int {
        let take = min(remaining, bufferedByteCount)
        if take > 0 {
            body.append(contentsOf: buffer[readIndex..<readIndex + take])
            readIndex += take
        }
        return remaining - take
    }

    private mutating func finish(_ head: HTTPRequestHead) -> Step {
        let request = HTTPRequest(head: head, body: body, trailers: trailers)
        body = []
        trailers = HTTPHeaders()
        state = .head
        scanIndex = readIndex
        return .request(request)
    }

    private mutating func compactIfWorthwhile() {
        if readIndex == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            shiftIndices(by: readIndex)
        } else if readIndex > 4096 && readIndex * 2 > buffer.count {
            buffer.removeSubrange(0..<readIndex)
            shiftIndices(by: readIndex)
        }
    }

    private mutating func shiftIndices(by n: Int) {
        scanIndex = max(0, scanIndex - n)
        headLineStart = max(0, headLineStart - n)
        readIndex = 0
    }

    /// Takes one CRLF-terminated line (without the CRLF). A bare CR or LF is an error.
    private mutating func takeLine(limit: Int, tooLong: HTTPParseError) throws(HTTPParseError) -> [UInt8]? {
        let start = readIndex
        var i = max(scanIndex, start)
        let end = buffer.count
        while i < end {
            let b = buffer[i]
            if b == ASCII.lf {
                guard i > start, buffer[i - 1] == ASCII.cr else { throw .bareLineFeedOrCarriageReturn }
                let line = Array(buffer[start..<(i - 1)])
                readIndex = i + 1
                scanIndex = readIndex
                return line
            }
            if b == ASCII.cr {
                // A CR that ends the buffer is checked again once its next byte arrives: a split read
                // must not let a bare CR through.
                if i + 1 == end { break }
                if buffer[i + 1] != ASCII.lf { throw .bareLineFeedOrCarriageReturn }
            }
            i += 1
            if i - start > limit { throw tooLong }
        }
        scanIndex = i
        return nil
    }

    // MARK: - Head

    private mutating func parseHead() throws(HTTPParseError) -> (HTTPRequestHead, BodyFraming)? {
        if scanIndex <= readIndex {
            scanIndex = readIndex
            headLineStart = readIndex
            requestLine = nil
        }

        // Find the blank line that ends the head, checking line endings as we go.
        let end = buffer.count
        var i = scanIndex
        var headEnd: Int? = nil
        // No limit can be exceeded this close to the start of the head: the per-byte check below
        // begins after it, so a usual head is scanned without it.
        let uncheckedBytes = min(limits.maxRequestLineBytes, limits.maxHeaderBytes)
        while i < end {
            // Limits are checked before each byte, as if the data ended there, so a head fails the
            // same way whether it arrives whole or a byte at a time.
            if i - readIndex > uncheckedBytes { try checkIncompleteHead(upTo: i) }
            let b = buffer[i]
            if b == ASCII.lf {
                guard i > readIndex, buffer[i - 1] == ASCII.cr else { throw .bareLineFeedOrCarriageReturn }
                if i - 1 == headLineStart {
                    if requestLine != nil {
                        headEnd = i + 1
                        break
                    }
                    // RFC 9112 §2.2: empty lines before the request-line are ignored.
                    readIndex = i + 1
                    headLineStart = i + 1
                    i += 1
                    continue
                }
                if requestLine == nil {
                    // Checked as soon as it is complete, so an HTTP/0.9 or HTTP/2 client, which waits
                    // after its first line, is answered at once, and whole or split reads fail alike.
                    let line = buffer[headLineStart..<(i - 1)]
                    if line.count > limits.maxRequestLineBytes { throw .requestTargetTooLong(limit: limits.maxRequestLineBytes) }
                    requestLine = try Self.parseRequestLine(line)
                }
                headLineStart = i + 1
            } else if b == ASCII.cr {
                // Rechecked when the next byte arrives (see takeLine).
                if i + 1 == end { break }
                if buffer[i + 1] != ASCII.lf { throw .bareLineFeedOrCarriageReturn }
            }
            i += 1
        }
        let start = readIndex
        guard let headEnd else {
            scanIndex = i
            try checkIncompleteHead(upTo: i)
            return nil
        }
        // The limit counts the request line and fields with their CRLFs, not the final blank line.
        if headEnd - start - 2 > limits.maxHeaderBytes { throw .headerSectionTooLarge(limit: limits.maxHeaderBytes) }

        let headBytes = buffer[start..<(headEnd - 4)]
        readIndex = headEnd
        scanIndex = headEnd
        return try Self.parseHeadBytes(headBytes, requestLine: requestLine!, limits: limits)
    }

    /// Fails when the head bytes before `index` already exceed a limit. A CR just before `index`
    /// may begin the CRLF that ends the head, which the limit does not count: not counted here either.
    private func checkIncompleteHead(upTo index: Int) throws(HTTPParseError) {
        let count = index - readIndex - (index > readIndex && buffer[index - 1] == ASCII.cr ? 1 : 0)
        if requestLine == nil, count > limits.maxRequestLineBytes {
            throw .requestTargetTooLong(limit: limits.maxRequestLineBytes)
        }
        if count > limits.maxHeaderBytes { throw .headerSectionTooLarge(limit: limits.maxHeaderBytes) }
    }

    /// The fields after the request line (`bytes` starts with that line, already parsed).
    static func parseHeadBytes(_ bytes: ArraySlice<UInt8>, requestLine: RequestLine, limits: HTTPLimits) throws(HTTPParseError) -> (HTTPRequestHead, BodyFraming) {
        // Every line but the last ends in CR (always followed by LF here: checked while scanning).
        var fieldCount = 0
        for byte in bytes where byte == ASCII.cr { fieldCount += 1 }
        if fieldCount > limits.maxHeaderFields { throw .tooManyHeaderFields(limit: limits.maxHeaderFields) }
        var headers = HTTPHeaders(capacity: fieldCount)
        var lineStart: Int? = nil  // nil while still in the request line
        var i = bytes.startIndex
        while i <= bytes.endIndex {
            if i == bytes.endIndex || bytes[i] == ASCII.cr {
                if let start = lineStart {
                    let field = try parseField(bytes[start..<i])
                    headers.add(field.name, field.value)
                }
                lineStart = i + 2
                i += 2
            } else {
                i += 1
            }
        }

        let (path, query) = try parseTarget(requestLine.target, method: requestLine.method)
        let head = HTTPRequestHead(method: requestLine.method, target: requestLine.target, path: path, query: query,
                                   versionMajor: requestLine.major, versionMinor: requestLine.minor, headers: headers)
        try checkHost(head)
        try checkExpectation(head)
        return (head, try framing(of: head))
    }

    struct RequestLine: Sendable {
        let method: String
        let target: String
        let major: Int
        let minor: Int
    }

    private static let httpSlash = Array("HTTP/".utf8)

    static func parseRequestLine(_ line: ArraySlice<UInt8>) throws(HTTPParseError) -> RequestLine {
        // RFC 9112 §3: exactly two single spaces. Scanned by hand: this runs for every request.
        var spaces = 0, firstSpace = line.startIndex, secondSpace = line.startIndex
        for i in line.indices where line[i] == ASCII.space {
            spaces += 1
            if spaces == 1 { firstSpace = i } else if spaces == 2 { secondSpace = i }
        }
        func invalid() -> HTTPParseError { .invalidRequestLine(String(decoding: line.prefix(200), as: UTF8.self)) }
        if spaces == 1 && firstSpace > line.startIndex && firstSpace + 1 < line.endIndex
            && !line[(firstSpace + 1)...].starts(with: httpSlash) {
            throw .http09Request
        }
        guard spaces == 2 else { throw invalid() }
        let methodBytes = line[line.startIndex..<firstSpace]
        let targetBytes = line[(firstSpace + 1)..<secondSpace]
        let v = line[(secondSpace + 1)...]
        guard !methodBytes.isEmpty, methodBytes.allSatisfy(ASCII.isTokenChar) else { throw invalid() }
        guard !targetBytes.isEmpty, targetBytes.allSatisfy(ASCII.isTargetChar) else { throw invalid() }

        // HTTP-version = "HTTP/" DIGIT "." DIGIT, case-sensitive (RFC 9112 §2.3).
        let at = v.startIndex
        guard v.count == 8, v.starts(with: httpSlash), ASCII.isDigit(v[at + 5]), v[at + 6] == UInt8(ascii: "."),
              ASCII.isDigit(v[at + 7]) else {
            throw invalid()
        }
        let major = Int(v[at + 5] - 48), minor = Int(v[at + 7] - 48)
        let method = String(decoding: methodBytes, as: UTF8.self)
        let target = String(decoding: targetBytes, as: UTF8.self)
        if method == "PRI" && target == "*" && major == 2 { throw .http2Preface }
        guard major == 1 else { throw .unsupportedVersion(String(decoding: v, as: UTF8.self)) }
        // A higher 1.x minor version is answered as 1.1 (RFC 9110 §6.2).
        return RequestLine(method: method, target: target, major: major, minor: min(minor, 1))
    }

    static func parseField(_ line: ArraySlice<UInt8>) throws(HTTPParseError) -> (name: String, value: String) {
        guard let first = line.first else { throw .invalidHeaderName("") }
        if ASCII.isOWS(first) { throw .obsoleteLineFolding }
        guard let colon = line.firstIndex(of: ASCII.colon) else {
            throw .invalidHeaderName(String(decoding: line.prefix(64), as: UTF8.self))
        }
        let nameBytes = line[line.startIndex..<colon]
        let name = String(decoding: nameBytes, as: UTF8.self)
        if let last = nameBytes.last, ASCII.isOWS(last) { throw .whitespaceBeforeColon(name.trimmingOWS()) }
        guard !nameBytes.isEmpty, nameBytes.allSatisfy(ASCII.isTokenChar) else { throw .invalidHeaderName(name) }
        var valueBytes = line[(colon + 1)...]
        while let b = valueBytes.first, ASCII.isOWS(b) { valueBytes = valueBytes.dropFirst() }
        while let b = valueBytes.last, ASCII.isOWS(b) { valueBytes = valueBytes.dropLast() }
        guard valueBytes.allSatisfy(ASCII.isFieldValueChar) else { throw .invalidHeaderValue(name: name) }
        return (name, String(decoding: valueBytes, as: UTF8.self))
    }

    /// Origin-form, absolute-form (RFC 9112 §3.2) and `*` for OPTIONS; authority-form is CONNECT's only.
    /// Split on bytes, never Characters: a delimiter followed by a combining mark is one Character,
    /// and would not split where RFC 3986 (and a SigV4 signer) does.
    static func parseTarget(_ target: String, method: String) throws(HTTPParseError) -> (String, [(name: String, value: String)]) {
        if target == "*" {
            guard method == "OPTIONS" else { throw .invalidTarget(target) }
            return ("*", [])
        }
        guard let rest = pathAndQuery(target) else { throw .invalidTarget(target) }
        let question = rest.firstIndex(of: ASCII.question)
        let rawPath = rest[..<(question ?? rest.endIndex)]
        guard let path = rawPath.isEmpty ? "/" : percentDecode(rawPath) else { throw .invalidTarget(target) }
        var query: [(name: String, value: String)] = []
        if let question {
            for pair in rest[(question + 1)...].split(separator: ASCII.ampersand, omittingEmptySubsequences: true) {
                let equals = pair.firstIndex(of: ASCII.equals)
                guard let name = percentDecode(pair[..<(equals ?? pair.endIndex)]),
                      let value = equals.map({ percentDecode(pair[($0 + 1)...]) }) ?? "" else {
                    throw .invalidTarget(target)
                }
                query.append((name, value))
            }
        }
        return (path, query)
    }

    /// The target's path and query, without an absolute form's scheme and authority; nil for a
    /// target in no form a request takes.
    static func pathAndQuery(_ target: String) -> ArraySlice<UInt8>? {
        var rest = Array(target.utf8)[...]
        if rest.first != ASCII.slash {
            let scheme = rest.prefix(8).map(ASCII.lowercased)
            if scheme.starts(with: httpScheme) {
                rest = rest.dropFirst(httpScheme.count)
            } else if scheme.starts(with: httpsScheme) {
                rest = rest.dropFirst(httpsScheme.count)
            } else {
                return nil
            }
            // The authority is not part of the path; an empty path is "/".
            rest = rest[(rest.firstIndex { $0 == ASCII.slash || $0 == ASCII.question } ?? rest.endIndex)...]
        }
        return rest
    }

    private static let httpScheme = Array("http://".utf8)
    private static let httpsScheme = Array("https://".utf8)

    /// RFC 3986 percent-decoding; `+` stays `+`. Nil for a malformed escape.
    static func percentDecode(_ bytes: ArraySlice<UInt8>) -> String? {
        guard bytes.contains(ASCII.percent) else { return String(decoding: bytes, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var it = bytes.makeIterator()
        while let b = it.next() {
            if b == ASCII.percent {
                guard let h = it.next().flatMap(ASCII.hexValue), let l = it.next().flatMap(ASCII.hexValue) else { return nil }
                out.append(h << 4 | l)
            } else {
                out.append(b)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func checkHost(_ head: HTTPRequestHead) throws(HTTPParseError) {
        let hosts = head.headers.occurrences(of: "Host")
        if hosts > 1 { throw .duplicateHost }
        if hosts == 0 && head.versionMinor >= 1 { throw .missingHost }
    }

    /// RFC 9110 §10.1.1: only 100-continue is defined; HTTP/1.0 expectations are ignored.
    static func checkExpectation(_ head: HTTPRequestHead) throws(HTTPParseError) {
        guard head.versionMinor >= 1 else { return }
        for value in head.headers.values("Expect") where value.lowercased() != "100-continue" {
            throw .unsupportedExpectation(value)
        }
    }

    static func framing(of head: HTTPRequestHead) throws(HTTPParseError) -> BodyFraming {
        let teFields = head.headers.values("Transfer-Encoding")  // empty, so not allocated, as a rule
        // The usual request: one Content-Length of plain digits, read without splitting or copying.
        if teFields.isEmpty, head.headers.occurrences(of: "Content-Length") == 1,
           let value = head.headers["Content-Length"], let n = plainDecimal(value) {
            return n == 0 ? .none : .length(n)
        }
        let clFields = head.headers.values("Content-Length")
        if !teFields.isEmpty {
            // RFC 9112 §6.1: both present is a smuggling attempt; HTTP/1.0 has no chunked framing.
            if !clFields.isEmpty { throw .contentLengthWithTransferEncoding }
            if head.versionMinor == 0 { throw .transferEncodingOnHTTP10 }
            let joined = teFields.joined(separator: ", ")
            let codings = teFields.flatMap { $0.split(separator: ",", omittingEmptySubsequences: false) }
                .map { String($0).trimmingOWS().lowercased() }
            if let i = codings.firstIndex(of: "chunked"), i != codings.count - 1 { throw .chunkedNotLast(joined) }
            guard codings.count == 1, codings[0] == "chunked" else { throw .unsupportedTransferCoding(joined) }
            return .chunked
        }
        guard !clFields.isEmpty else { return .none }
        var length: Int? = nil
        for field in clFields {
            for raw in field.split(separator: ",", omittingEmptySubsequences: false) {
                guard let n = plainDecimal(String(raw).trimmingOWS()) else { throw .invalidContentLength(field) }
                if let length, length != n { throw .conflictingContentLength }
                length = n
            }
        }
        return length.map { $0 == 0 ? .none : .length($0) } ?? .none
    }

    /// 1 to 18 ASCII digits (no sign, no whitespace) as a number; nil for anything else.
    static func plainDecimal(_ text: String) -> Int? {
        let bytes = text.utf8
        guard !bytes.isEmpty, bytes.count <= 18 else { return nil }
        var n = 0
        for b in bytes {
            guard ASCII.isDigit(b) else { return nil }
            n = n * 10 + Int(b - 48)
        }
        return n
    }

    static func parseChunkSize(_ line: [UInt8]) throws(HTTPParseError) -> Int {
        let text = String(decoding: line.prefix(64), as: UTF8.self)
        var size = 0
        var i = 0
        while i < line.count, let h = ASCII.hexValue(line[i]) {
            // 15 hex digits already exceed any body limit; more is an overflow attempt.
            guard i < 15 else { throw .invalidChunkSize(text) }
            size = size << 4 | Int(h)
            i += 1
        }
        guard i > 0 else { throw .invalidChunkSize(text) }
        // chunk-ext = *( BWS ";" BWS name [ BWS "=" BWS value ] ) (RFC 9112 §7.1.1)
        var j = i
        while j < line.count, ASCII.isOWS(line[j]) { j += 1 }
        if j < line.count {
            guard line[j] == UInt8(ascii: ";") else { throw .invalidChunkSize(text) }
            guard line[j...].allSatisfy(ASCII.isFieldValueChar) else { throw .invalidChunkSize(text) }
        } else if j != i {
            throw .invalidChunkSize(text)
        }
        return size
    }
}
