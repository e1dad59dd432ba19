import Testing
@testable import HTTPServer

@Suite struct RouterTests {
    private func head(_ method: String, _ path: String) -> HTTPRequestHead {
        HTTPRequestHead(method: method, target: path, path: path, query: [], versionMajor: 1, versionMinor: 1, headers: HTTPHeaders())
    }

    private func resolvedPath(_ resolution: Router.Resolution) -> String? {
        if case .route(let route) = resolution { return "\(route.method) \(route.path)" }
        return nil
    }

    @Test func methodAndExactPath_selectTheRoute() {
        var router = Router()
        router.add("GET", "/a") { _, _ in }
        router.add("POST", "/a", bodyLimit: 10) { _, _ in }
        #expect(resolvedPath(router.resolve(head("GET", "/a"))) == "GET /a")
        #expect(resolvedPath(router.resolve(head("POST", "/a"))) == "POST /a")
        if case .route(let route) = router.resolve(head("POST", "/a")) { #expect(route.bodyLimit == 10) }
        #expect(resolvedPath(router.resolve(head("GET", "/a/"))) == nil, "paths match exactly")
    }

    @Test func unknownPath_isNotFound() {
        var router = Router()
        router.add("GET", "/a") { _, _ in }
        guard case .notFound = router.resolve(head("GET", "/b")) else { Issue.record("expected notFound"); return }
    }

    @Test func wrongMethod_isMethodNotAllowedWithSortedAllow() {
        var router = Router()
        router.add("POST", "/a") { _, _ in }
        router.add("GET", "/a") { _, _ in }
        guard case .methodNotAllowed(let allowed) = router.resolve(head("DELETE", "/a")) else { Issue.record("expected 405"); return }
        #expect(allowed == ["GET", "HEAD", "POST"], "HEAD is allowed wherever GET is")
    }

    @Test func head_fallsBackToGet() {
        var router = Router()
        router.add("GET", "/a") { _, _ in }
        #expect(resolvedPath(router.resolve(head("HEAD", "/a"))) == "GET /a")
    }

    @Test func methodNames_areCaseSensitive() {
        var router = Router()
        router.add("GET", "/a") { _, _ in }
        guard case .methodNotAllowed = router.resolve(head("get", "/a")) else { Issue.record("RFC 9110 §9.1: methods are case-sensitive"); return }
    }

    @Test func fallback_answersPathsNoRouteKnows() {
        var router = Router()
        router.add("GET", "/a") { _, _ in }
        router.fallback = { head in
            head.path.hasPrefix("/api/") ? Route(method: head.method, path: head.path, bodyLimit: nil, handler: { _, _ in }) : nil
        }
        #expect(resolvedPath(router.resolve(head("PUT", "/api/x"))) == "PUT /api/x")
        guard case .notFound = router.resolve(head("GET", "/other")) else { Issue.record("expected notFound"); return }
    }
}
