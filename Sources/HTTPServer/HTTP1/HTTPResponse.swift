public struct HTTPResponse: Sendable, Equatable {
    public var status: HTTPStatus
    /// Fields the handler sets. The writer adds `Date`, `Content-Length` and `Connection` itself
    /// and drops any framing fields given here, so a handler cannot break the framing.
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// What the layer above wants to see again in `HTTPExchangeRecord` once the response is
    /// written (its own record of the request); never sent, never compared.
    public var attachment: (any Sendable)?

    public init(status: HTTPStatus, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = [], attachment: (any Sendable)? = nil) {
        self.status = status
        self.headers = headers
        self.body = body
        self.attachment = attachment
    }

    public static func == (lhs: HTTPResponse, rhs: HTTPResponse) -> Bool {
        lhs.status == rhs.status && lhs.headers == rhs.headers && lhs.body == rhs.body
    }

    public init(status: HTTPStatus, headers: HTTPHeaders = HTTPHeaders(), text: String) {
        self.init(status: status, headers: headers, body: Array(text.utf8))
    }
}
