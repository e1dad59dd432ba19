/// Why a request fails strict SigV4 checking. Carries the facts; `AWSError(SigV4Error)` spells them
/// the way AWS's front end does.
public enum SigV4Error: Error, Equatable, Sendable {
    /// Neither an `Authorization` header nor `X-Amz-*` query parameters.
    case missingAuthentication
    /// Both an `Authorization` header and `X-Amz-Algorithm` in the query.
    case bothAuthenticationForms
    /// An `Authorization` header part without `=`.
    case malformedAuthorizationPart(part: String, authorization: String)
    /// Header form: the parameters (and date header) the `Authorization` header lacks.
    case incompleteAuthorizationHeader(missing: [String], missingDate: Bool, authorization: String)
    /// Query form: the `X-Amz-*` parameters the query lacks.
    case incompleteQueryParameters(missing: [String])
    case unsupportedAlgorithm(String)
    case malformedDate(String)
    case malformedCredential(String)
    case invalidExpires(String)
    case expiresTooLarge
    case wrongTerminator(String)
    case wrongService(got: String, expected: String)
    case invalidRegion(String)
    case scopeDateMismatch(scopeDate: String, requestDate: String, timestamp: String)
    case hostNotSigned
    case unknownAccessKey
    case invalidSecurityToken
    /// Dated more than the allowed skew before the server's clock (all times `YYYYMMDD'T'HHMMSS'Z'`).
    case expired(requestTime: String, earliest: String, now: String)
    case notYetCurrent(requestTime: String, latest: String, now: String)
    /// A presigned URL used after `X-Amz-Date + X-Amz-Expires`.
    case presignedURLExpired(requestTime: String, earliest: String, now: String, expires: Int64)
    case invalidPayloadHashValue(String)
    case payloadHashMismatch(declared: String, computed: String)
    case signatureMismatch(canonicalRequest: String, stringToSign: String)
}
