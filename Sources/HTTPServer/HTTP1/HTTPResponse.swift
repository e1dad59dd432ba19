public struct HTTPResponse: Sendable, Equatable {
    public var status: HTTPStatus
    /// Fields the handler sets. The writer adds `Date`, `Content-Length` and `Connection` itself
    /// and drops any framing fields given here, so a handler cannot break the framing.
    public var headers: HTTPHeaders
    public var body: [UInt8]

    public init(status: HTTPStatus, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public init(status: HTTPStatus, headers: HTTPHeaders = HTTPHeaders(), text: String) {
        self.init(status: status, headers: headers, body: Array(text.utf8))
    }
}
