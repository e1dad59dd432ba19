/// Answers a request. It may respond later, from any thread (after a delay, say), through the
/// responder, without holding a pool thread meanwhile.
public typealias HTTPHandler = @Sendable (HTTPRequest, HTTPResponder) -> Void

/// Answers a request on the event loop's thread, when it can without blocking (no SQLite, no
/// file, no lock held for long): saves the hand-off to a handler thread and back.
public typealias InlineHandler = @Sendable (HTTPRequest) -> InlineResult

/// What an `InlineHandler` did with its request.
public enum InlineResult: Sendable {
    /// Answered on the loop.
    case answered(HTTPResponse)
    /// The rest of the work, run on the worker pool in place of the route's handler: it carries
    /// what the inline part already did, so nothing runs twice.
    case handOff(HTTPHandler)
}

public struct Route: Sendable {
    public let method: String
    public let path: String
    /// The body limit for this route; nil means the server's default.
    public let bodyLimit: Int?
    public let handler: HTTPHandler
    public let inline: InlineHandler?

    public init(method: String, path: String, bodyLimit: Int? = nil, inline: InlineHandler? = nil,
                handler: @escaping HTTPHandler) {
        self.method = method
        self.path = path
        self.bodyLimit = bodyLimit
        self.inline = inline
        self.handler = handler
    }
}

/// Method + exact path → handler. HEAD falls back to the GET route (the writer drops the body).
public struct Router: Sendable {
    public enum Resolution: Sendable {
        case route(Route)
        case methodNotAllowed(allowed: [String])
        case notFound
    }

    private var routes: [String: [String: Route]] = [:]
    /// Paths no route knows, when set: e.g. an API family the layer above answers itself.
    public var fallback: (@Sendable (HTTPRequestHead) -> Route?)?

    public init() {}

    public mutating func add(_ method: String, _ path: String, bodyLimit: Int? = nil, inline: InlineHandler? = nil,
                             _ handler: @escaping HTTPHandler) {
        routes[path, default: [:]][method] = Route(method: method, path: path, bodyLimit: bodyLimit, inline: inline, handler: handler)
    }

    public func resolve(_ head: HTTPRequestHead) -> Resolution {
        guard let byMethod = routes[head.path] else {
            if let route = fallback?(head) { return .route(route) }
            return .notFound
        }
        if let route = byMethod[head.method] { return .route(route) }
        if head.method == "HEAD", let get = byMethod["GET"] { return .route(get) }
        var allowed = Set(byMethod.keys)
        if allowed.contains("GET") { allowed.insert("HEAD") }
        return .methodNotAllowed(allowed: allowed.sorted())
    }
}
