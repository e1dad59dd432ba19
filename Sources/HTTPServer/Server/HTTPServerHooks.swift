/// One line of the access log.
public struct HTTPExchangeRecord: Sendable {
    public let method: String
    public let path: String
    public let status: Int
    /// The response's header fields as the handler gave them (request ids live there).
    public let responseHeaders: HTTPHeaders
    /// The response's `attachment`, as the handler gave it.
    public let attachment: (any Sendable)?
    public let durationSeconds: Double
    public let remoteClosed: Bool
}

/// How the layer above shapes the core's own answers and observes every exchange.
public struct HTTPServerHooks: Sendable {
    public var renderError: @Sendable (HTTPServerError, HTTPRequestHead?) -> HTTPResponse
    public var onExchange: (@Sendable (HTTPExchangeRecord) -> Void)?

    public init(renderError: @escaping @Sendable (HTTPServerError, HTTPRequestHead?) -> HTTPResponse = HTTPServerHooks.plainTextError,
                onExchange: (@Sendable (HTTPExchangeRecord) -> Void)? = nil) {
        self.renderError = renderError
        self.onExchange = onExchange
    }

    public static let plainTextError: @Sendable (HTTPServerError, HTTPRequestHead?) -> HTTPResponse = { error, _ in
        var headers = HTTPHeaders([("Content-Type", "text/plain; charset=utf-8")])
        if case .methodNotAllowed(let allowed) = error { headers.add("Allow", allowed.joined(separator: ", ")) }
        return HTTPResponse(status: error.status, headers: headers, text: error.message + "\n")
    }
}
