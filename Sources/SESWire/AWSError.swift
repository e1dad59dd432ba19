import AWSModel
import HTTPServer
import JSON
import SigV4

/// Every error the emulator answers, and the one place that knows how AWS spells them on the
/// wire: status, `x-amzn-ErrorType` (read by botocore before the body), `{"message": ...}`.
public enum AWSError: Error, Equatable, Sendable {
    case badRequest(String)
    /// A body the deserializer cannot read: not JSON, or a member of the wrong JSON type.
    case serialization(String)
    case notFound(String)
    /// A resource with that name exists already (Create* operations).
    case alreadyExists(String)
    /// A per-account or per-resource limit of SES would be passed (event destinations, pools).
    case limitExceeded(String)
    /// SendEmail's refusal of the message itself (an unverified sender).
    case messageRejected(String)
    /// Sending is paused for the account or the configuration set.
    case sendingPaused(String)
    case tooManyRequests
    /// A browser request from another site to a control endpoint that changes state.
    case forbidden(String)
    case internalFailure(String)
    case unsupportedMediaType(String)
    case notAcceptable(String)
    case methodNotAllowed(allowed: [String])
    /// An operation of the model the emulator does not run, and the ones it does.
    case operationNotEmulated(String, emulated: [String])
    case serviceUnavailable(String)
    /// The request would destroy data the caller may not mean to lose; the message says how to confirm.
    case conflict(String)
    /// An action of the SES v1 model (Query protocol) that the emulator does not run yet.
    case queryActionNotEmulated(String)
    /// A Query protocol request whose `Action` is none of the SES v1 model's.
    case invalidAction(String)
    /// Strict SigV4 mode: an access key the credentials file does not hold, or a wrong session token.
    case unrecognizedClient
    /// Strict SigV4 mode: a bad or expired signature, with AWS's explanation.
    case invalidSignature(String)
    case missingAuthenticationToken
    /// Strict SigV4 mode: an `Authorization` header or presigned query that lacks parts.
    case incompleteSignature(String)
    /// Any other status/code pair, as a fault configuration may ask for.
    case custom(status: Int, code: String, message: String)

    /// Runs a metrics-store call; a store failure becomes a 500 naming it.
    package static func fromStore<T>(_ body: () throws -> T) throws(AWSError) -> T {
        do {
            return try body()
        } catch {
            throw .internalFailure("The metrics store failed: \(error)")
        }
    }

    /// The coral namespace SESv2 puts after the code in `x-amzn-ErrorType`.
    package static let errorTypeSuffix = ":http://internal.amazon.com/coral/com.amazonaws.sesv2/"

    public var status: Int {
        switch self {
        case .badRequest, .serialization, .alreadyExists, .limitExceeded, .messageRejected, .sendingPaused: return 400
        case .notFound: return 404
        case .tooManyRequests: return 429
        case .internalFailure: return 500
        case .unsupportedMediaType: return 415
        case .notAcceptable: return 406
        case .methodNotAllowed: return 405
        case .operationNotEmulated: return 501
        case .serviceUnavailable: return 503
        case .conflict: return 409
        case .queryActionNotEmulated: return 501
        case .invalidAction: return 400
        case .unrecognizedClient, .invalidSignature, .missingAuthenticationToken, .forbidden: return 403
        case .incompleteSignature: return 400
        case .custom(let status, _, _): return status
        }
    }

    public var code: String {
        switch self {
        case .badRequest: return "BadRequestException"
        case .serialization: return "SerializationException"
        case .notFound: return "NotFoundException"
        case .alreadyExists: return "AlreadyExistsException"
        case .limitExceeded: return "LimitExceededException"
        case .forbidden: return "AccessDeniedException"
        case .messageRejected: return "MessageRejected"
        case .sendingPaused: return "SendingPausedException"
        case .tooManyRequests: return "TooManyRequestsException"
        case .internalFailure: return "InternalServiceErrorException"
        case .unsupportedMediaType: return "UnsupportedMediaTypeException"
        case .notAcceptable: return "NotAcceptableException"
        case .methodNotAllowed: return "MethodNotAllowedException"
        case .operationNotEmulated: return "NotImplementedException"
        case .serviceUnavailable: return "ServiceUnavailable"
        case .conflict: return "ConflictException"
        case .queryActionNotEmulated: return "NotImplementedException"
        case .invalidAction: return "InvalidAction"
        case .unrecognizedClient: return "UnrecognizedClientException"
        case .invalidSignature: return "InvalidSignatureException"
        case .missingAuthenticationToken: return "MissingAuthenticationTokenException"
        case .incompleteSignature: return "IncompleteSignatureException"
        case .custom(_, let code, _): return code
        }
    }

    public var message: String {
        switch self {
        case .badRequest(let m), .serialization(let m), .notFound(let m), .internalFailure(let m), .unsupportedMediaType(let m),
             .notAcceptable(let m), .serviceUnavailable(let m), .invalidSignature(let m), .incompleteSignature(let m),
             .conflict(let m), .alreadyExists(let m), .limitExceeded(let m), .messageRejected(let m), .sendingPaused(let m), .forbidden(let m):
            return m
        case .unrecognizedClient: return "The security token included in the request is invalid."
        case .missingAuthenticationToken: return "Missing Authentication Token"
        case .tooManyRequests: return "Rate exceeded"
        case .methodNotAllowed(let allowed): return "Method not allowed. Allowed: \(allowed.joined(separator: ", "))"
        case .operationNotEmulated(let operation, let emulated):
            return "The operation \(operation) is not emulated by ses-metrics-emulator; only \(Self.list(emulated)) "
                + (emulated.count > 1 ? "are." : "is.")
        case .queryActionNotEmulated(let action):
            return "The SES v1 action \(action) (Query protocol) is not emulated by ses-metrics-emulator yet; "
                + "its SESv2 API is (boto3.client(\"sesv2\"), aws sesv2)."
        case .invalidAction(let action):
            return "The action \(action) is not valid for this web service."
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
        return HTTPResponse(status: HTTPStatus(status), headers: headers, body: body,
                            attachment: PlainExchange(requestID: requestID, error: self))
    }

    /// SES v1's Query protocol error: AWS's XML envelope, which botocore's query parser reads.
    public func queryResponse(requestID: String) -> HTTPResponse {
        var xml = #"<ErrorResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><Error><Type>"#
        xml += (status < 500 ? "Sender" : "Receiver") + "</Type><Code>" + QueryEncoder.escaped(code) + "</Code><Message>"
        xml += QueryEncoder.escaped(message) + "</Message></Error><RequestId>" + QueryEncoder.escaped(requestID) + "</RequestId></ErrorResponse>"
        return HTTPResponse(status: HTTPStatus(status),
                            headers: HTTPHeaders([("Content-Type", "text/xml"), ("x-amzn-RequestId", requestID)]),
                            body: Array(xml.utf8), attachment: PlainExchange(requestID: requestID, error: self))
    }

    /// `A`, `A and B`, `A, B and C`.
    private static func list(_ names: [String]) -> String {
        names.count > 1 ? names.dropLast().joined(separator: ", ") + " and " + names.last! : (names.first ?? "none")
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

    /// What a model-driven codec refused, as the protocol's service answers it: for SESv2
    /// `BadRequestException` (the operations on the model's wire answered so before it; only
    /// BatchGetMetricData, on its own decoder, answers wrong JSON types as `SerializationException`),
    /// for SES v1 the Query protocol's `ValidationError` and `InvalidParameterValue`.
    package init(_ error: WireError, protocol wire: ServiceModel.WireProtocol) {
        switch (wire, error) {
        case (.restJSON, .undecodableBlob): self = .serialization(error.message)
        case (.restJSON, _): self = .badRequest(error.message)
        case (.query, .validation): self = .custom(status: 400, code: "ValidationError", message: error.message)
        case (.query, .serialization), (.query, .undecodableBlob), (.query, .malformedBody):
            self = .custom(status: 400, code: "InvalidParameterValue", message: error.message)
        }
    }

    /// Strict SigV4 refusals in the words AWS's front end uses (see docs/sigv4.md).
    public init(_ error: SigV4Error) {
        switch error {
        case .missingAuthentication:
            self = .missingAuthenticationToken
        case .unknownAccessKey, .invalidSecurityToken:
            self = .unrecognizedClient
        case .bothAuthenticationForms:
            self = .incompleteSignature("Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.")
        case .malformedAuthorizationPart(let part, let authorization):
            self = .incompleteSignature("'\(part)' not a valid key=value pair (missing equal-sign) in Authorization header: '\(authorization)'.")
        case .incompleteAuthorizationHeader(let missing, let missingDate, let authorization):
            var text = missing.map { "Authorization header requires '\($0)' parameter. " }.joined()
            if missingDate { text += "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. " }
            self = .incompleteSignature(text + "Authorization=" + authorization)
        case .incompleteQueryParameters(let missing):
            self = .incompleteSignature(missing.map { "AWS query-string parameters must include '\($0)'. " }.joined()
                + "Re-examine the query-string parameters.")
        case .unsupportedAlgorithm(let algorithm):
            self = .incompleteSignature("Unsupported AWS 'algorithm': '\(algorithm)'")
        case .malformedDate(let date):
            self = .incompleteSignature("Date must be in ISO-8601 'basic format'. Got '\(date)'. See http://en.wikipedia.org/wiki/ISO_8601")
        case .malformedCredential(let credential):
            self = .incompleteSignature("Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '\(credential)'")
        case .invalidExpires(let text):
            self = .incompleteSignature("X-Amz-Expires must be a non-negative integer, got '\(text)'")
        case .expiresTooLarge:
            self = .incompleteSignature("X-Amz-Expires must be less than a week (in seconds) that is 604800")
        case .wrongTerminator(let terminator):
            self = .invalidSignature("Credential should be scoped with a valid terminator: 'aws4_request', not '\(terminator)'. ")
        case .wrongService(_, let expected):
            self = .invalidSignature("Credential should be scoped to correct service: '\(expected)'. ")
        case .invalidRegion(let region):
            self = .invalidSignature("Credential should be scoped to a valid region, not '\(region)'. ")
        case .scopeDateMismatch(let scopeDate, let requestDate, let timestamp):
            self = .invalidSignature("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '\(scopeDate)' != '\(requestDate)', from '\(timestamp)'.")
        case .hostNotSigned:
            self = .invalidSignature("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.")
        case .expired(let requestTime, let earliest, let now):
            self = .invalidSignature("Signature expired: \(requestTime) is now earlier than \(earliest) (\(now) - 5 min.)")
        case .notYetCurrent(let requestTime, let latest, let now):
            self = .invalidSignature("Signature not yet current: \(requestTime) is still later than \(latest) (\(now) + 5 min.)")
        case .presignedURLExpired(let requestTime, let earliest, let now, let expires):
            self = .invalidSignature("Signature expired: \(requestTime) is now earlier than \(earliest) (\(now) - \(expires) sec.)")
        case .invalidPayloadHashValue(let value):
            self = .invalidSignature("x-amz-content-sha256 must be UNSIGNED-PAYLOAD or the hex SHA-256 of the body, not '\(value)'.")
        case .payloadHashMismatch:
            self = .invalidSignature("The provided 'x-amz-content-sha256' header does not match what was computed.")
        case .signatureMismatch(let canonicalRequest, let stringToSign):
            self = .invalidSignature("""
                The request signature we calculated does not match the signature you provided. \
                Check your AWS Secret Access Key and signing method. Consult the service documentation for details.

                The Canonical String for this request should have been
                '\(canonicalRequest)'

                The String-to-Sign should have been
                '\(stringToSign)'

                """)
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
