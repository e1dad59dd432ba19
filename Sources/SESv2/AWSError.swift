import HTTPServer
import JSON

/// Every error the emulator answers, and the one place that knows how AWS spells them on the
/// wire: status, `x-amzn-ErrorType` (read by botocore before the body), `{"message": ...}`.
public enum AWSError: Error, Equatable, Sendable {
    case badRequest(String)
    case notFound(String)
    case tooManyRequests
    case internalFailure(String)
    case unsupportedMediaType(String)
    case notAcceptable(String)
    case methodNotAllowed(allowed: [String])
    case operationNotEmulated(String)
    case serviceUnavailable(String)
    /// Any other status/code pair, as a fault configuration may ask for.
    case custom(status: Int, code: String, message: String)

    /// The coral namespace SESv2 puts after the code in `x-amzn-ErrorType`.
    static let errorTypeSuffix = ":http://internal.amazon.com/coral/com.amazonaws.sesv2/"

    public var status: Int {
        switch self {
        case .badRequest: return 400
        case .notFound: return 404
        case .tooManyRequests: return 429
        case .internalFailure: return 500
        case .unsupportedMediaType: return 415
        case .notAcceptable: return 406
        case .methodNotAllowed: return 405
        case .operationNotEmulated: return 501
        case .serviceUnavailable: return 503
        case .custom(let status, _, _): return status
        }
    }

    public var code: String {
        switch self {
        case .badRequest: return "BadRequestException"
        case .notFound: return "NotFoundException"
        case .tooManyRequests: return "TooManyRequestsException"
        case .internalFailure: return "InternalServiceErrorException"
        case .unsupportedMediaType: return "UnsupportedMediaTypeException"
        case .notAcceptable: return "NotAcceptableException"
        case .methodNotAllowed: return "MethodNotAllowedException"
        case .operationNotEmulated: return "NotImplementedException"
        case .serviceUnavailable: return "ServiceUnavailable"
        case .custom(_, let code, _): return code
        }
    }

    public var message: String {
        switch self {
        case .badRequest(let m), .notFound(let m), .internalFailure(let m), .unsupportedMediaType(let m),
             .notAcceptable(let m), .serviceUnavailable(let m):
            return m
        case .tooManyRequests: return "Rate exceeded"
        case .methodNotAllowed(let allowed): return "Method not allowed. Allowed: \(allowed.joined(separator: ", "))"
        case .operationNotEmulated(let operation): return "The operation \(operation) is not emulated by ses-metrics-emulator; only BatchGetMetricData is."
        case .custom(_, _, let m): return m
        }
    }

    public func response(requestID: String) -> HTTPResponse {
        var headers = HTTPHeaders([
            ("Content-Type", "application/json"),
            ("x-amzn-RequestId", requestID),
            ("x-amzn-ErrorType", code + Self.errorTypeSuffix),
        ])
        if case .methodNotAllowed(let allowed) = self { headers.add("Allow", allowed.joined(separator: ", ")) }
        var body: [UInt8] = Array(#"{"message":"#.utf8)
        JSONWriter.appendString(message, to: &body)
        body.append(UInt8(ascii: "}"))
        return HTTPResponse(status: HTTPStatus(status), headers: headers, body: body)
    }

    /// The core's own refusals (malformed HTTP, limits, timeouts) in AWS's shape.
    public init(_ error: HTTPServerError) {
        switch error {
        case .malformedRequest(let parseError):
            switch parseError.status.code {
            case 400: self = .badRequest(parseError.description)
            default: self = .custom(status: parseError.status.code, code: Self.coreCode(parseError.status.code), message: parseError.description)
            }
        case .notFound: self = .notFound("No such resource")
        case .methodNotAllowed(let allowed): self = .methodNotAllowed(allowed: allowed)
        case .requestTimeout: self = .custom(status: 408, code: "RequestTimeoutException", message: error.message)
        case .tooManyConnections, .overloaded: self = .serviceUnavailable(error.message)
        case .handlerDidNotRespond: self = .internalFailure("Internal error")
        }
    }

    private static func coreCode(_ status: Int) -> String {
        switch status {
        case 413: return "RequestEntityTooLargeException"
        case 414: return "RequestURITooLongException"
        case 417: return "ExpectationFailedException"
        case 431: return "RequestHeaderFieldsTooLargeException"
        case 501: return "NotImplementedException"
        case 505: return "HTTPVersionNotSupportedException"
        default: return "BadRequestException"
        }
    }
}
