extension Router {
    /// Runs a request through the routes in process, without a socket, as a test client does:
    /// 404 and 405 are rendered by `hooks` as the server renders them, HEAD runs the GET route, an
    /// inline answer comes first.
    /// The response arrives through `completion`, from whichever thread the handler answers on.
    public func respond(to request: HTTPRequest, hooks: HTTPServerHooks,
                        _ completion: @escaping @Sendable (HTTPResponse) -> Void) {
        switch resolve(request.head) {
        case .route(let route):
            var handler = route.handler
            switch route.inline?(request) {
            case .answered(let response)?: return completion(response)
            case .handOff(let rest)?: handler = rest
            case nil: break
            }
            let responder = HTTPResponder(
                deliver: completion,
                fallback: { hooks.renderError(.handlerDidNotRespond, request.head) })
            handler(request, responder)
        case .methodNotAllowed(let allowed):
            completion(hooks.renderError(.methodNotAllowed(allowed: allowed), request.head))
        case .notFound:
            completion(hooks.renderError(.notFound, request.head))
        }
    }
}
