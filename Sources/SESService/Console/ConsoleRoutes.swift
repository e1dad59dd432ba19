import HTTPServer
import MetricsStore
import SESWire

/// The browser console: `GET /_emulator/ui` (page, stylesheet, script, all compiled into the
/// binary, nothing fetched from elsewhere), `/` redirecting there, and the dashboard's data
/// endpoint. Registered with the rest of the control API, since the page edits state.
extension ControlAPI {
    static let consolePath = "/_emulator/ui"
    static let dashboardPath = "/_emulator/dashboard"

    /// Only what the page itself serves; scripts and styles come from these files, never inline,
    /// so an identity name that reaches the page as markup cannot run.
    static let contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
        + "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

    func registerConsole(into router: inout Router) {
        let assets: [(String, String, [UInt8])] = [
            (Self.consolePath, "text/html; charset=utf-8", Array(ConsolePage.html.utf8)),
            (Self.consolePath + "/console.css", "text/css; charset=utf-8", Array(ConsoleStylesheet.css.utf8)),
            (Self.consolePath + "/console.js", "text/javascript; charset=utf-8", Array(ConsoleScript.javaScript.utf8)),
        ]
        for (path, type, body) in assets {
            router.add("GET", path) { _, responder in responder.respond(Self.asset(body, type: type)) }
        }
        router.add("GET", Self.dashboardPath, handler { request in
            let summary = try AWSError.fromStore { try self.store.summary() }
            let dashboard = try DashboardRequest(query: request.head.query, lastDay: summary.lastDay, maxRangeDays: self.maxRangeDays)
            return try AWSError.fromStore { try DashboardDocument.bytes(dashboard, summary: summary, store: self.store) }
        })
    }

    /// `GET /` (without a Query-protocol `Action`, which SES v1 clients send) goes to the console.
    static func consoleRedirect(_ head: HTTPRequestHead) -> Route? {
        guard head.path == "/", head.method == "GET" || head.method == "HEAD",
              !head.query.contains(where: { $0.name == "Action" }) else { return nil }
        return Route(method: head.method, path: head.path) { _, responder in
            let requestID = RequestID.make()
            responder.respond(HTTPResponse(status: HTTPStatus(302, "Found"),
                                           headers: HTTPHeaders([("Location", consolePath), ("x-amzn-RequestId", requestID)]),
                                           attachment: PlainExchange(requestID: requestID, error: nil)))
        }
    }

    private static func asset(_ body: [UInt8], type: String) -> HTTPResponse {
        let requestID = RequestID.make()
        return HTTPResponse(status: .ok, headers: HTTPHeaders([
            ("Content-Type", type),
            ("Content-Security-Policy", contentSecurityPolicy),
            ("X-Content-Type-Options", "nosniff"),
            ("Referrer-Policy", "no-referrer"),
            // A new binary may serve a new page: never mix an old script with new endpoints.
            ("Cache-Control", "no-store"),
            ("x-amzn-RequestId", requestID),
        ]), body: body, attachment: PlainExchange(requestID: requestID, error: nil))
    }
}
