import XCTest
@testable import HTTPServer

final class RouterTests: XCTestCase {
    private func head(_ method: String, _ path: String) -> HTTPRequestHead {
        HTTPRequestHead(method: method, target: path, path: path, query: [], versionMajor: 1, versionMinor: 1, headers: HTTPHeaders())
    }

    private func resolvedPath(_ resolution: Router.Resolution) -> String? {
        if case .route(let route) = resolution { return "\(route.method) \(route.path)" }
        return nil
    }

    func testMethodAndExactPath_selectTheRoute() {
        var router = Router()
        router.add("GET", "/a") { _, _ in }
        router.add("POST", "/a", bodyLimit: 10) { _, _ in }
        XCTAssertEqual(resolvedPath(router.resolve(head("GET", "/a"))), "GET /a")
        XCTAssertEqual(resolvedPath(router.resolve(head("POST", "/a"))), "POST /a")
        if case .route(let route) = router.resolve(head("POST", "/a")) { XCTAssertEqual(route.bodyLimit, 10) }
        XCTAssertNil(resolvedPath(router.resolve(head("GET", "/a/"))), "paths match exactly")
    }

    func testUnknownPath_isNotFound() {
        var router = Router()
        router.add("GET", "/a") { _, _ in }
        guard case .notFound = router.resolve(head("GET", "/b")) else { return XCTFail("expected notFound") }
    }

    func testWrongMethod_isMethodNotAllowedWithSortedAllow() {
        var router = Router()
        router.add("POST", "/a") { _, _ in }
        router.add("GET", "/a") { _, _ in }
        guard case .methodNotAllowed(let allowed) = router.resolve(head("DELETE", "/a")) else { return XCTFail("expected 405") }
        XCTAssertEqual(allowed, ["GET", "HEAD", "POST"], "HEAD is allowed wherever GET is")
    }

    func testHead_fallsBackToGet() {
        var router = Router()
        router.add("GET", "/a") { _, _ in }
        XCTAssertEqual(resolvedPath(router.resolve(head("HEAD", "/a"))), "GET /a")
    }

    func testMethodNames_areCaseSensitive() {
        var router = Router()
        router.add("GET", "/a") { _, _ in }
        guard case .methodNotAllowed = router.resolve(head("get", "/a")) else { return XCTFail("RFC 9110 §9.1: methods are case-sensitive") }
    }

    func testFallback_answersPathsNoRouteKnows() {
        var router = Router()
        router.add("GET", "/a") { _, _ in }
        router.fallback = { head in
            head.path.hasPrefix("/api/") ? Route(method: head.method, path: head.path, bodyLimit: nil, handler: { _, _ in }) : nil
        }
        XCTAssertEqual(resolvedPath(router.resolve(head("PUT", "/api/x"))), "PUT /api/x")
        guard case .notFound = router.resolve(head("GET", "/other")) else { return XCTFail("expected notFound") }
    }
}
