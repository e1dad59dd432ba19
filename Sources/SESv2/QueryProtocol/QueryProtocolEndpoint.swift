import AWSModel
import HTTPServer

/// SES v1 clients (`boto3.client("ses")`, `aws ses`) sharing the endpoint speak AWS's Query
/// protocol: `POST /` with a form body `Action=SendEmail&Version=2010-12-01&...`, or `GET /?Action=...`.
/// Every action of the SES v1 model is known; none is emulated yet, and each answers the Query
/// protocol's XML error naming it (501), so the SDK raises a readable error instead of failing to
/// parse JSON; an action the model lacks is AWS's `InvalidAction`. A request to `/` without an
/// action is answered as before: 404.
struct QueryProtocolEndpoint: Sendable {
    let bodyLimit: Int
    let model: ServiceModel

    init(bodyLimit: Int, model: ServiceModel = .ses) {
        self.bodyLimit = bodyLimit
        self.model = model
    }

    func route(_ head: HTTPRequestHead) -> Route? {
        guard head.path == "/", head.method == "POST" || head.method == "GET" else { return nil }
        return Route(method: head.method, path: head.path, bodyLimit: bodyLimit) { [model] request, responder in
            let requestID = RequestID.make()
            guard let action = Self.action(request) else {
                responder.respond(AWSError(HTTPServerError.notFound).response(requestID: requestID))
                return
            }
            let error: AWSError = model.operation(named: action) == nil ? .invalidAction(action) : .queryActionNotEmulated(action)
            responder.respond(error.queryResponse(requestID: requestID))
        }
    }

    /// Whether a request speaks the Query protocol, so that an error found before its action is
    /// known (a body too large, a malformed head, a timeout) is written in it.
    static func speaks(_ head: HTTPRequestHead?) -> Bool {
        guard let head, head.path == "/" else { return false }
        if head.query.contains(where: { $0.name == "Action" }) { return true }
        return head.method == "POST" && head.headers["Content-Type"].map(MediaType.essence) == "application/x-www-form-urlencoded"
    }

    /// `Action` from the query, or from a form-encoded body.
    static func action(_ request: HTTPRequest) -> String? {
        if let action = request.head.query.first(where: { $0.name == "Action" })?.value, !action.isEmpty { return action }
        guard request.headers["Content-Type"].map(MediaType.essence) == "application/x-www-form-urlencoded",
              let action = FormBody.pairs(request.body)?.first(where: { $0.name == "Action" })?.value, !action.isEmpty
        else { return nil }
        return action
    }
}
