import Glibc
import HTTPServer
import Support

/// Checks AWS Signature Version 4 the way an AWS front end does, for the header form
/// (`Authorization: AWS4-HMAC-SHA256 ...`) and query-string presigning (`X-Amz-Signature=...`).
/// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
public struct SigV4Verifier: Sendable {
    public static let algorithm = "AWS4-HMAC-SHA256"
    /// AWS accepts requests dated at most 5 minutes from its clock.
    public static let maxSkewSeconds: Int64 = 300
    /// A presigned URL lives at most 7 days (`X-Amz-Expires` ≤ 604800).
    public static let maxExpiresSeconds: Int64 = 604_800

    public let credentials: SigV4Credentials
    /// The signing name the credential scope must name (`ses` for SESv2).
    public let service: String
    /// Epoch seconds; a parameter so tests can sign "10 minutes ago".
    public let now: @Sendable () -> Int64

    public init(credentials: SigV4Credentials, service: String = "ses",
                now: @escaping @Sendable () -> Int64 = { Int64(time(nil)) }) {
        self.credentials = credentials
        self.service = service
        self.now = now
    }

    /// Returns when the request is signed by a known key; else says why it is refused.
    public func verify(_ request: HTTPRequest) throws(SigV4Error) {
        let target = SigV4Canonical.splitTarget(request.head.target)
        let query = SigV4Canonical.parseQuery(target.query)
        let authorizations = request.headers.values("Authorization")
        let queryAuthNames = ["X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Signature"]
        let isPresigned = query.contains { queryAuthNames.contains($0.name) }
        if !authorizations.isEmpty && query.contains(where: { $0.name == "X-Amz-Algorithm" }) {
            throw .bothAuthenticationForms
        }

        let auth: Authentication
        if let authorization = authorizations.first {
            auth = try Self.parseHeader(authorization, headers: request.headers)
        } else if isPresigned {
            auth = try Self.parseQuery(query)
        } else {
            throw .missingAuthentication
        }

        // The credential scope: AKID/YYYYMMDD/REGION/SERVICE/aws4_request.
        let parts = auth.credential.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 5 else { throw .malformedCredential(auth.credential) }
        let (accessKeyID, scopeDate, region, scopeService, terminator) = (parts[0], parts[1], parts[2], parts[3], parts[4])
        guard terminator == "aws4_request" else { throw .wrongTerminator(terminator) }
        guard scopeService == service else { throw .wrongService(got: scopeService, expected: service) }
        guard !region.isEmpty else { throw .invalidRegion(region) }
        guard scopeDate == String(auth.timestamp.prefix(8)) else {
            throw .scopeDateMismatch(scopeDate: scopeDate, requestDate: String(auth.timestamp.prefix(8)), timestamp: auth.timestamp)
        }

        let current = now()
        if auth.time > current + Self.maxSkewSeconds {
            throw .notYetCurrent(requestTime: auth.timestamp, latest: SigV4Time.format(current + Self.maxSkewSeconds),
                                 now: SigV4Time.format(current))
        }
        if let expires = auth.expires {
            if current > auth.time + expires {
                throw .presignedURLExpired(requestTime: auth.timestamp, earliest: SigV4Time.format(current - expires),
                                           now: SigV4Time.format(current), expires: expires)
            }
        } else if auth.time < current - Self.maxSkewSeconds {
            throw .expired(requestTime: auth.timestamp, earliest: SigV4Time.format(current - Self.maxSkewSeconds),
                           now: SigV4Time.format(current))
        }

        guard let secret = credentials[accessKeyID] else { throw .unknownAccessKey }
        let presentedToken = auth.isPresigned
            ? query.first(where: { $0.name == "X-Amz-Security-Token" })?.value ?? request.headers["X-Amz-Security-Token"]
            : request.headers["X-Amz-Security-Token"]
        guard presentedToken == secret.sessionToken else { throw .invalidSecurityToken }

        let signedHeaders = auth.signedHeaders.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
        guard signedHeaders.contains("host") || signedHeaders.contains(":authority") else { throw .hostNotSigned }

        let payloadHash = try Self.payloadHash(request)
        let canonicalRequest = [
            request.method,
            SigV4Canonical.uri(rawPath: target.path),
            SigV4Canonical.queryString(query, excludingSignature: auth.isPresigned),
            SigV4Canonical.headers(signedHeaders, from: request.headers),
            auth.signedHeaders,
            payloadHash,
        ].joined(separator: "\n")
        let scope = "\(scopeDate)/\(region)/\(scopeService)/aws4_request"
        let stringToSign = Self.stringToSign(timestamp: auth.timestamp, scope: scope, canonicalRequest: canonicalRequest)
        let key = Self.signingKey(secret: secret.secretAccessKey, date: scopeDate, region: region, service: scopeService)
        let expected = Hex.encode(HMACSHA256.authenticate(stringToSign, key: key))
        guard Self.constantTimeEquals(expected, auth.signature) else {
            throw .signatureMismatch(canonicalRequest: canonicalRequest, stringToSign: stringToSign)
        }
    }

    // MARK: - The pieces, public to the tests

    static func stringToSign(timestamp: String, scope: String, canonicalRequest: String) -> String {
        [algorithm, timestamp, scope, Hex.encode(SHA256.hash(canonicalRequest))].joined(separator: "\n")
    }

    /// kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request").
    static func signingKey(secret: String, date: String, region: String, service: String) -> [UInt8] {
        var key = HMACSHA256.authenticate(date, key: Array(("AWS4" + secret).utf8))
        key = HMACSHA256.authenticate(region, key: key)
        key = HMACSHA256.authenticate(service, key: key)
        return HMACSHA256.authenticate("aws4_request", key: key)
    }

    /// `x-amz-content-sha256` when sent (then it must be the body's hash, or `UNSIGNED-PAYLOAD`),
    /// else the hex SHA-256 of the body.
    static func payloadHash(_ request: HTTPRequest) throws(SigV4Error) -> String {
        let computed = Hex.encode(SHA256.hash(request.body))
        guard let declared = request.headers["x-amz-content-sha256"] else { return computed }
        if declared == "UNSIGNED-PAYLOAD" { return declared }
        let isHash = declared.utf8.count == 64 && declared.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) || (65...70).contains($0) }
        guard isHash else { throw .invalidPayloadHashValue(declared) }
        guard declared.lowercased() == computed else { throw .payloadHashMismatch(declared: declared, computed: computed) }
        return declared
    }

    private static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for i in 0..<x.count { difference |= x[i] ^ y[i] }
        return difference == 0
    }

    // MARK: - Parsing the two forms

    struct Authentication {
        var credential: String
        var signedHeaders: String
        var signature: String
        /// As signed: `YYYYMMDD'T'HHMMSS'Z'`.
        var timestamp: String
        var time: Int64
        var expires: Int64?
        var isPresigned: Bool
    }

    static func parseHeader(_ authorization: String, headers: HTTPHeaders) throws(SigV4Error) -> Authentication {
        let scheme = authorization.prefix { $0 != " " }
        if scheme.hasPrefix("AWS4-") && scheme != algorithm { throw .unsupportedAlgorithm(String(scheme)) }
        var parameters: [String: String] = [:]
        if scheme == algorithm {
            for piece in authorization.dropFirst(scheme.count).split(separator: ",") {
                let part = String(piece).trimmingOWS()
                if part.isEmpty { continue }
                guard let equals = part.firstIndex(of: "=") else {
                    throw .malformedAuthorizationPart(part: part, authorization: authorization)
                }
                parameters[String(part[..<equals])] = String(part[part.index(after: equals)...])
            }
        }
        let dateValue = headers["X-Amz-Date"] ?? headers["Date"]
        let missing = ["Credential", "Signature", "SignedHeaders"].filter { parameters[$0] == nil }
        guard missing.isEmpty, let dateValue, let credential = parameters["Credential"],
              let signature = parameters["Signature"], let signedHeaders = parameters["SignedHeaders"] else {
            throw .incompleteAuthorizationHeader(missing: missing, missingDate: dateValue == nil, authorization: authorization)
        }
        let time: Int64
        if headers["X-Amz-Date"] != nil {
            guard let t = SigV4Time.parseBasic(dateValue) else { throw .malformedDate(dateValue) }
            time = t
        } else {
            guard let t = SigV4Time.parseIMFFixdate(dateValue) else { throw .malformedDate(dateValue) }
            time = t
        }
        return Authentication(credential: credential, signedHeaders: signedHeaders, signature: signature,
                              timestamp: SigV4Time.format(time), time: time, expires: nil, isPresigned: false)
    }

    static func parseQuery(_ query: [(name: String, value: String)]) throws(SigV4Error) -> Authentication {
        func value(_ name: String) -> String? { query.first { $0.name == name }?.value }
        let required = ["X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Signature", "X-Amz-SignedHeaders", "X-Amz-Date"]
        let missing = required.filter { value($0) == nil }
        guard missing.isEmpty, let algorithmValue = value("X-Amz-Algorithm"), let credential = value("X-Amz-Credential"),
              let signature = value("X-Amz-Signature"), let signedHeaders = value("X-Amz-SignedHeaders"),
              let date = value("X-Amz-Date") else {
            throw .incompleteQueryParameters(missing: missing)
        }
        guard algorithmValue == algorithm else { throw .unsupportedAlgorithm(algorithmValue) }
        guard let time = SigV4Time.parseBasic(date) else { throw .malformedDate(date) }
        var expires: Int64? = nil
        if let text = value("X-Amz-Expires") {
            guard let seconds = Int64(text), seconds >= 0 else { throw .invalidExpires(text) }
            guard seconds <= maxExpiresSeconds else { throw .expiresTooLarge }
            expires = seconds
        }
        return Authentication(credential: credential, signedHeaders: signedHeaders, signature: signature,
                              timestamp: date, time: time, expires: expires, isPresigned: true)
    }
}
