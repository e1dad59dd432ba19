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
        guard request.headers["Content-Type"].map(MediaType.essence) == "application/x-www-form-urlencoded" else { return nil }
        for pair in request.body.split(separator: UInt8(ascii: "&")) {
            let parts = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, formDecoded(parts[0]) == "Action" else { continue }
            if let action = formDecoded(parts[1]), !action.isEmpty { return action }
        }
        return nil
    }

    /// `application/x-www-form-urlencoded` decoding: `+` is a space, `%XX` a byte; nil when malformed.
    private static func formDecoded(_ bytes: ArraySlice<UInt8>) -> String? {
        var out: [UInt8] = []
        var i = bytes.startIndex
        while i < bytes.endIndex {
            switch bytes[i] {
            case UInt8(ascii: "+"):
                out.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                guard i + 2 < bytes.endIndex, let high = hexValue(bytes[i + 1]), let low = hexValue(bytes[i + 2]) else { return nil }
                out.append(high << 4 | low)
                i += 2
            case let byte:
                out.append(byte)
            }
            i += 1
        }
        return String(validating: out, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
