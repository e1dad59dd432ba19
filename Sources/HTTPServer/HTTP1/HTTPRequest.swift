/// A request's head as parsed: enough for routing and limits before the body is read.
public struct HTTPRequestHead: Sendable, Equatable {
    public var method: String
    /// The request-target exactly as sent (SigV4 canonicalisation needs the raw form).
    public var target: String
    /// The percent-decoded path.
    public var path: String
    /// Query parameters in order, percent-decoded; a name without `=` has an empty value.
    public var query: [(name: String, value: String)]
    public var versionMajor: Int
    public var versionMinor: Int
    public var headers: HTTPHeaders

    public init(method: String, target: String, path: String, query: [(name: String, value: String)],
                versionMajor: Int, versionMinor: Int, headers: HTTPHeaders) {
        self.method = method
        self.target = target
        self.path = path
        self.query = query
        self.versionMajor = versionMajor
        self.versionMinor = versionMinor
        self.headers = headers
    }

    /// The path's segments after the first `/`, each percent-decoded on its own, so an encoded
    /// `/` (`%2F`, as SDKs send an ARN in a URI label) stays inside its segment.
    public var pathSegments: [String] {
        guard let rest = RequestParser.pathAndQuery(target) else { return [] }
        let raw = rest.prefix { $0 != UInt8(ascii: "?") }
        return raw.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).dropFirst()
            .map { RequestParser.percentDecode($0) ?? "" }
    }

    public var version: String { "HTTP/\(versionMajor).\(versionMinor)" }

    /// Whether the client lets the connection stay open after this exchange (RFC 9112 §9.3).
    public var wantsKeepAlive: Bool {
        if headers.containsToken("close", inField: "Connection") { return false }
        if versionMajor == 1 && versionMinor == 0 { return headers.containsToken("keep-alive", inField: "Connection") }
        return true
    }

    public static func == (lhs: HTTPRequestHead, rhs: HTTPRequestHead) -> Bool {
        lhs.method == rhs.method && lhs.target == rhs.target && lhs.path == rhs.path
            && lhs.query.count == rhs.query.count
            && zip(lhs.query, rhs.query).allSatisfy { $0.name == $1.name && $0.value == $1.value }
            && lhs.versionMajor == rhs.versionMajor && lhs.versionMinor == rhs.versionMinor
            && lhs.headers == rhs.headers
    }
}

public struct HTTPRequest: Sendable, Equatable {
    public var head: HTTPRequestHead
    public var body: [UInt8]
    /// Trailer fields of a chunked body, kept apart from the head's fields (RFC 9112 §7.1.2).
    public var trailers: HTTPHeaders

    public init(head: HTTPRequestHead, body: [UInt8] = [], trailers: HTTPHeaders = HTTPHeaders()) {
        self.head = head
        self.body = body
        self.trailers = trailers
    }

    public var method: String { head.method }
    public var path: String { head.path }
    public var headers: HTTPHeaders { head.headers }
}
