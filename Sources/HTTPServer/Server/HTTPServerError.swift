/// What the core answers by itself. The layer above renders each as it likes (AWS's JSON errors,
/// say) through `HTTPServerHooks.renderError`; `status` is the default mapping.
public enum HTTPServerError: Error, Equatable, Sendable {
    case malformedRequest(HTTPParseError)
    case notFound
    case methodNotAllowed(allowed: [String])
    case requestTimeout
    case tooManyConnections
    /// The global budget for buffered request bodies is spent.
    case overloaded
    /// A handler ended without answering.
    case handlerDidNotRespond

    public var status: HTTPStatus {
        switch self {
        case .malformedRequest(let error): return error.status
        case .notFound: return .notFound
        case .methodNotAllowed: return .methodNotAllowed
        case .requestTimeout: return .requestTimeout
        case .tooManyConnections, .overloaded: return .serviceUnavailable
        case .handlerDidNotRespond: return .internalServerError
        }
    }

    public var message: String {
        switch self {
        case .malformedRequest(let error): return error.description
        case .notFound: return "no such resource"
        case .methodNotAllowed(let allowed): return "method not allowed; allowed: \(allowed.joined(separator: ", "))"
        case .requestTimeout: return "request not received in time"
        case .tooManyConnections: return "too many connections"
        case .overloaded: return "server is busy; retry later"
        case .handlerDidNotRespond: return "the handler did not answer"
        }
    }
}
