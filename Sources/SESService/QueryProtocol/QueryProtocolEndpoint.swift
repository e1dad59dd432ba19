import AWSModel
import HTTPServer
import SESDomain
import SESWire

/// SES v1 clients (`boto3.client("ses")`, `aws ses`) sharing the endpoint speak AWS's Query
/// protocol: `POST /` with a form body `Action=GetSendQuota&Version=2010-12-01&...`, or
/// `GET /?Action=...`. The action is read from the parameters and the request runs the same
/// pipeline as an SESv2 one (`QueryActionTable` names every action of the SES v1 model), answered
/// in the Query protocol's XML. A request to `/` without an action is answered as before: 404.
struct QueryProtocolEndpoint: Sendable {
    let bodyLimit: Int
    let pipeline: Pipeline

    func route(_ head: HTTPRequestHead) -> Route? {
        guard head.path == "/", head.method == "POST" || head.method == "GET" else { return nil }
        return Route(method: head.method, path: head.path, bodyLimit: bodyLimit) { [pipeline] request, responder in
            guard let parameters = Self.parameters(request) else {
                let error = AWSError.custom(status: 400, code: "MalformedQueryString",
                                            message: "The request's parameters are not valid application/x-www-form-urlencoded text.")
                responder.respond(error.queryResponse(requestID: RequestID.make()))
                return
            }
            guard let action = parameters.first(where: { $0.name == "Action" })?.value, !action.isEmpty else {
                responder.respond(AWSError(HTTPServerError.notFound).response(requestID: RequestID.make()))
                return
            }
            pipeline.handle(request, pipeline.actions.match(action, parameters: parameters), responder)
        }
    }

    /// Whether a request speaks the Query protocol, so that an error found before its action is
    /// known (a body too large, a malformed head, a timeout) is written in it.
    static func speaks(_ head: HTTPRequestHead?) -> Bool {
        guard let head, head.path == "/" else { return false }
        if head.query.contains(where: { $0.name == "Action" }) { return true }
        return head.method == "POST" && isForm(head)
    }

    /// The request's parameters: the query string's, then a form body's; nil when the body is
    /// not valid form text.
    static func parameters(_ request: HTTPRequest) -> [(name: String, value: String)]? {
        guard request.method == "POST", isForm(request.head) else { return request.head.query }
        guard let form = FormBody.pairs(request.body) else { return nil }
        return request.head.query + form
    }

    private static func isForm(_ head: HTTPRequestHead) -> Bool {
        head.headers["Content-Type"].map(MediaType.essence) == "application/x-www-form-urlencoded"
    }
}
