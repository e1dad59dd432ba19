import HTTPServer
@testable import SESWire
@testable import SigV4
import Testing

/// The verifier against AWS's published SigV4 test suite (aws-sig-v4-test-suite: key AKIDEXAMPLE,
/// 20150830T123600Z, us-east-1, service "service") and against requests signed by botocore.
@Suite struct SigV4VerifierTests {
    static let akid = "AKIDEXAMPLE"
    static let secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
    static let t0 = SigV4Time.parseBasic("20150830T123600Z")!
    static let suiteCredential = "AKIDEXAMPLE/20150830/us-east-1/service/aws4_request"
    static let emptyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    private func verifier(service: String = "service", now: Int64 = t0,
                          keys: [String: SigV4Secret] = [akid: SigV4Secret(secretAccessKey: secret)]) -> SigV4Verifier {
        SigV4Verifier(credentials: SigV4Credentials(keys), service: service, now: { now })
    }

    private func request(_ method: String, _ target: String, _ headers: [(String, String)], body: String = "") -> HTTPRequest {
        let path = String(target.prefix { $0 != "?" })
        let head = HTTPRequestHead(method: method, target: target, path: path, query: [], versionMajor: 1, versionMinor: 1,
                                   headers: HTTPHeaders(headers.map { (name: $0.0, value: $0.1) }))
        return HTTPRequest(head: head, body: Array(body.utf8))
    }

    /// A test-suite request: Host and X-Amz-Date, the extra headers, then the Authorization header.
    private func suite(_ method: String = "GET", _ target: String = "/", extra: [(String, String)] = [],
                       signed: String = "host;x-amz-date", signature: String, body: String = "") -> HTTPRequest {
        request(method, target, [("Host", "example.amazonaws.com")] + extra + [
            ("X-Amz-Date", "20150830T123600Z"),
            ("Authorization", "AWS4-HMAC-SHA256 Credential=\(Self.suiteCredential), SignedHeaders=\(signed), Signature=\(signature)"),
        ], body: body)
    }

    private func assertRefused(_ request: HTTPRequest, by verifier: SigV4Verifier, _ expected: SigV4Error,
                               sourceLocation: SourceLocation = #_sourceLocation) {
        let error = #expect(throws: SigV4Error.self, sourceLocation: sourceLocation) { try verifier.verify(request) }
        #expect(error == expected, sourceLocation: sourceLocation)
    }

    private func refusal(_ request: HTTPRequest, by verifier: SigV4Verifier) -> SigV4Error? {
        do { try verifier.verify(request); return nil } catch { return error }
    }

    // MARK: - AWS test suite vectors

    @Test func suiteVectors_verify() throws {
        let cases: [(String, HTTPRequest)] = [
            ("get-vanilla", suite(signature: "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")),
            ("get-vanilla-query-order-key-case", suite("GET", "/?Param2=value2&Param1=value1",
                signature: "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500")),
            ("get-vanilla-query-unreserved", suite("GET",
                "/?-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz=-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
                signature: "9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197")),
            ("get-vanilla-utf8-query", suite("GET", "/?ሴ=bar",
                signature: "2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04")),
            ("get-header-value-trim", suite(extra: [("My-Header1", " value1"), ("My-Header2", " \"a   b   c\"")],
                signed: "host;my-header1;my-header2;x-amz-date",
                signature: "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736")),
            ("get-header-key-duplicate", suite(extra: [("My-Header1", "value2"), ("My-Header1", "value2"), ("My-Header1", "value1")],
                signed: "host;my-header1;x-amz-date",
                signature: "c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea")),
            ("get-slashes", suite("GET", "//example//",
                signature: "9a624bd73a37c9a373b5312afbebe7a714a789de108f0bdfe846570885f57e84")),
            ("get-relative-relative", suite("GET", "/example1/example2/../..",
                signature: "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")),
            ("get-space", suite("GET", "/example space/",
                signature: "652487583200325589f1fba4c7e578f72c47cb61beeca81406b39ddec1366741")),
            ("get-utf8", suite("GET", "/ሴ",
                signature: "8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85")),
            ("post-vanilla", suite("POST",
                signature: "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b")),
            ("post-x-www-form-urlencoded", suite("POST", extra: [("Content-Type", "application/x-www-form-urlencoded")],
                signed: "content-type;host;x-amz-date",
                signature: "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a", body: "Param1=value1")),
        ]
        let v = verifier()
        for (name, request) in cases {
            #expect(refusal(request, by: v) == nil, "\(name)")
        }
    }

    @Test func suitePostStsHeaderAfter_needsItsSessionToken() {
        let token = "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA=="
        let signed = suite("POST", extra: [("X-Amz-Security-Token", token)], signed: "host;x-amz-date;x-amz-security-token",
                           signature: "85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead")
        #expect(refusal(signed, by: verifier(keys: [Self.akid: SigV4Secret(secretAccessKey: Self.secret, sessionToken: token)])) == nil)
        // The same key without a session token: a token the key does not have is invalid.
        assertRefused(signed, by: verifier(), .invalidSecurityToken)
        // A key with a token, and a request without one.
        let keysWithOtherToken = [Self.akid: SigV4Secret(secretAccessKey: Self.secret, sessionToken: "other")]
        assertRefused(signed, by: verifier(keys: keysWithOtherToken), .invalidSecurityToken)
        assertRefused(suite("POST", signature: "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"),
                      by: verifier(keys: keysWithOtherToken), .invalidSecurityToken)
    }

    /// AWS double-encodes the path for every service but S3: `%20` on the wire is `%2520` in the canonical URI.
    @Test func encodedPath_isEncodedAgain() {
        #expect(SigV4Canonical.uri(rawPath: "/example%20space/") == "/example%2520space/")
        #expect(refusal(suite("GET", "/example%20space/",
                                   signature: "446b817944c553435b35e813c261ff4e161fff982d1bacdef1c87f6785dd1662"), by: verifier()) == nil)
        // The get-space signature (single encoding) does not hold for the encoded request line.
        #expect(refusal(suite("GET", "/example%20space/",
                                      signature: "652487583200325589f1fba4c7e578f72c47cb61beeca81406b39ddec1366741"), by: verifier()) != nil)
    }

    @Test func dateHeader_standsInForXAmzDate() {
        let signed = request("GET", "/", [
            ("Host", "example.amazonaws.com"), ("Date", "Sun, 30 Aug 2015 12:36:00 GMT"),
            ("Authorization", "AWS4-HMAC-SHA256 Credential=\(Self.suiteCredential), SignedHeaders=date;host, Signature=1262aceaf1a79c7f0b69fda81cd744572fcbe2e4c23b647b4de183cd5a0f1075"),
        ])
        #expect(refusal(signed, by: verifier()) == nil)
    }

    // MARK: - Signature mismatch explains the canonical request

    @Test func wrongSecret_explainsCanonicalStringAndStringToSign() {
        let v = verifier(keys: [Self.akid: SigV4Secret(secretAccessKey: "not-the-secret")])
        let canonical = "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n\(Self.emptyHash)"
        let stringToSign = "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\nbb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63"
        let request = suite(signature: "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")
        assertRefused(request, by: v, .signatureMismatch(canonicalRequest: canonical, stringToSign: stringToSign))
        let error = AWSError(refusal(request, by: v)!)
        #expect(error.status == 403)
        #expect(error.code == "InvalidSignatureException")
        #expect(error.message == """
            The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.

            The Canonical String for this request should have been
            '\(canonical)'

            The String-to-Sign should have been
            '\(stringToSign)'

            """)
    }

    @Test func tamperedBodyOrSignedHeader_failsTheSignature() {
        let v = verifier()
        let form = suite("POST", extra: [("Content-Type", "application/x-www-form-urlencoded")], signed: "content-type;host;x-amz-date",
                         signature: "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a", body: "Param1=value2")
        guard case .signatureMismatch? = refusal(form, by: v) else { Issue.record("tampered body accepted"); return }
        let header = suite("POST", extra: [("Content-Type", "application/json")], signed: "content-type;host;x-amz-date",
                           signature: "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a", body: "Param1=value1")
        guard case .signatureMismatch? = refusal(header, by: v) else { Issue.record("tampered header accepted"); return }
        // An unsigned header may change freely.
        let unsigned = suite(extra: [("User-Agent", "anything")], signature: "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")
        #expect(refusal(unsigned, by: v) == nil)
    }

    @Test func contentSHA256Header_mustMatchTheBody() {
        let v = verifier()
        let wrong = String(repeating: "0", count: 64)
        assertRefused(suite("POST", extra: [("x-amz-content-sha256", wrong)], signature: "x", body: "a"), by: v,
                      .payloadHashMismatch(declared: wrong, computed: "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb"))
        assertRefused(suite("POST", extra: [("x-amz-content-sha256", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD")], signature: "x"), by: v,
                      .invalidPayloadHashValue("STREAMING-AWS4-HMAC-SHA256-PAYLOAD"))
    }

    // MARK: - Clock skew

    @Test func clockSkew_fiveMinutesEitherWay() {
        let vanilla = suite(signature: "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")
        #expect(refusal(vanilla, by: verifier(now: Self.t0 + 300)) == nil)
        #expect(refusal(vanilla, by: verifier(now: Self.t0 - 300)) == nil)
        assertRefused(vanilla, by: verifier(now: Self.t0 + 600),
                      .expired(requestTime: "20150830T123600Z", earliest: "20150830T124100Z", now: "20150830T124600Z"))
        assertRefused(vanilla, by: verifier(now: Self.t0 - 600),
                      .notYetCurrent(requestTime: "20150830T123600Z", latest: "20150830T123100Z", now: "20150830T122600Z"))
        #expect(AWSError(.expired(requestTime: "20241101T000000Z", earliest: "20241101T001000Z", now: "20241101T001500Z")).message == ("Signature expired: 20241101T000000Z is now earlier than 20241101T001000Z (20241101T001500Z - 5 min.)"))
        #expect(AWSError(.notYetCurrent(requestTime: "20241101T002000Z", latest: "20241101T001500Z", now: "20241101T001000Z")).message == ("Signature not yet current: 20241101T002000Z is still later than 20241101T001500Z (20241101T001000Z + 5 min.)"))
    }

    // MARK: - Presigned URLs (query-string form), signed by botocore's SigV4QueryAuth

    static let presigned = "/?Action=ListUsers&Version=2010-05-08&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-Expires=60&X-Amz-SignedHeaders=host&X-Amz-Signature=270b930d8ac9f6df3939b01a08bd3bd214e1f040b0be93826a002ff2399ac868"

    @Test func presignedURL_verifiesUntilItExpires() {
        let request = self.request("GET", Self.presigned, [("Host", "example.amazonaws.com")])
        #expect(refusal(request, by: verifier()) == nil)
        #expect(refusal(request, by: verifier(now: Self.t0 + 60)) == nil)
        assertRefused(request, by: verifier(now: Self.t0 + 61),
                      .presignedURLExpired(requestTime: "20150830T123600Z", earliest: "20150830T123601Z", now: "20150830T123701Z", expires: 60))
        assertRefused(request, by: verifier(now: Self.t0 - 301),
                      .notYetCurrent(requestTime: "20150830T123600Z", latest: "20150830T123559Z", now: "20150830T123059Z"))
        let tampered = self.request("GET", Self.presigned.replacingFirst("ListUsers", "DeleteUser"), [("Host", "example.amazonaws.com")])
        guard case .signatureMismatch(let canonical, _)? = refusal(tampered, by: verifier()) else { Issue.record("tampered URL accepted"); return }
        #expect(canonical.contains("\nAction=DeleteUser&Version=2010-05-08&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-Expires=60&X-Amz-SignedHeaders=host\n"), "\(canonical)")
    }

    @Test func presignedURL_missingParameters() {
        let request = self.request("GET", "/?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=20150830T123600Z", [("Host", "h")])
        assertRefused(request, by: verifier(), .incompleteQueryParameters(missing: ["X-Amz-Credential", "X-Amz-Signature", "X-Amz-SignedHeaders"]))
        #expect(AWSError(.incompleteQueryParameters(missing: ["X-Amz-Credential"])).message == "AWS query-string parameters must include 'X-Amz-Credential'. Re-examine the query-string parameters.")
        let tooLong = self.request("GET", Self.presigned.replacingFirst("X-Amz-Expires=60", "X-Amz-Expires=604801"), [("Host", "h")])
        assertRefused(tooLong, by: verifier(), .expiresTooLarge)
    }

    // MARK: - A BatchGetMetricData request signed by botocore (service ses, eu-west-1, session token)

    static let batchBody = #"{"Queries":[{"Id":"a","Namespace":"VDM","Metric":"SEND","StartDate":1730419200,"EndDate":1730505600}]}"#

    private func botocoreBatch(body: String = batchBody, token: String = "SESSIONTOKEN") -> HTTPRequest {
        request("POST", "/v2/email/metrics/batch", [
            ("Host", "127.0.0.1:4579"), ("Content-Type", "application/json"), ("X-Amz-Date", "20150830T123600Z"),
            ("X-Amz-Security-Token", token),
            ("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/eu-west-1/ses/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-security-token, Signature=2142710cc4139b1703f6f811efb110b382feebb820e37bacd629850c5409c430"),
            ("Content-Length", String(body.utf8.count)),
        ], body: body)
    }

    @Test func botocoreBatchRequest_verifiesForSES() {
        let keys = [Self.akid: SigV4Secret(secretAccessKey: Self.secret, sessionToken: "SESSIONTOKEN")]
        #expect(refusal(botocoreBatch(), by: verifier(service: "ses", keys: keys)) == nil)
        guard case .signatureMismatch? = refusal(botocoreBatch(body: Self.batchBody.replacingFirst("SEND", "OPEN")),
                                                 by: verifier(service: "ses", keys: keys)) else { Issue.record("tampered body accepted"); return }
        assertRefused(botocoreBatch(token: "OTHER"), by: verifier(service: "ses", keys: keys), .invalidSecurityToken)
        assertRefused(botocoreBatch(), by: verifier(service: "sesv2", keys: keys), .wrongService(got: "ses", expected: "sesv2"))
    }

    // MARK: - Malformed, missing, unknown

    @Test func noSignature_isMissingAuthenticationToken() {
        assertRefused(request("POST", "/v2/email/metrics/batch", [("Host", "h")]), by: verifier(), .missingAuthentication)
        let error = AWSError(.missingAuthentication)
        #expect([String(error.status), error.code, error.message] == ["403", "MissingAuthenticationTokenException", "Missing Authentication Token"])
    }

    @Test func unknownKey_isUnrecognizedClient() {
        let request = suite(signature: "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")
        assertRefused(request, by: verifier(keys: ["SOMEONEELSE": SigV4Secret(secretAccessKey: "x")]), .unknownAccessKey)
        let error = AWSError(.unknownAccessKey)
        #expect([String(error.status), error.code, error.message] == (["403", "UnrecognizedClientException", "The security token included in the request is invalid."]))
    }

    @Test func malformedAuthorization_isIncompleteSignature() {
        let bearer = request("GET", "/", [("Host", "h"), ("Authorization", "Bearer abc")])
        assertRefused(bearer, by: verifier(), .incompleteAuthorizationHeader(
            missing: ["Credential", "Signature", "SignedHeaders"], missingDate: true, authorization: "Bearer abc"))
        #expect(AWSError(refusal(bearer, by: verifier())!).message == "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=Bearer abc")
        #expect(AWSError(refusal(bearer, by: verifier())!).code == "IncompleteSignatureException")
        let noEquals = "AWS4-HMAC-SHA256 Credential=\(Self.suiteCredential), SignedHeaders, Signature=x"
        assertRefused(request("GET", "/", [("Host", "h"), ("X-Amz-Date", "20150830T123600Z"), ("Authorization", noEquals)]),
                      by: verifier(), .malformedAuthorizationPart(part: "SignedHeaders", authorization: noEquals))
        assertRefused(request("GET", "/", [("Host", "h"), ("X-Amz-Date", "2015-08-30T12:36:00Z"),
                                           ("Authorization", "AWS4-HMAC-SHA256 Credential=\(Self.suiteCredential), SignedHeaders=host, Signature=x")]),
                      by: verifier(), .malformedDate("2015-08-30T12:36:00Z"))
        assertRefused(request("GET", "/", [("Host", "h"), ("X-Amz-Date", "20150830T123600Z"),
                                           ("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service, SignedHeaders=host, Signature=x")]),
                      by: verifier(), .malformedCredential("AKIDEXAMPLE/20150830/us-east-1/service"))
        assertRefused(request("GET", "/?X-Amz-Algorithm=AWS4-HMAC-SHA256", [("Host", "h"), ("Authorization", "AWS4-HMAC-SHA256 x=y")]),
                      by: verifier(), .bothAuthenticationForms)
    }

    @Test func credentialScope_isChecked() {
        func signed(credential: String, signedHeaders: String = "host;x-amz-date") -> HTTPRequest {
            request("GET", "/", [("Host", "example.amazonaws.com"), ("X-Amz-Date", "20150830T123600Z"),
                                 ("Authorization", "AWS4-HMAC-SHA256 Credential=\(credential), SignedHeaders=\(signedHeaders), Signature=x")])
        }
        assertRefused(signed(credential: "AKIDEXAMPLE/20150830/us-east-1/service/aws4_request"), by: verifier(service: "ses"),
                      .wrongService(got: "service", expected: "ses"))
        #expect(AWSError(.wrongService(got: "service", expected: "ses")).message == "Credential should be scoped to correct service: 'ses'. ")
        assertRefused(signed(credential: "AKIDEXAMPLE/20150831/us-east-1/service/aws4_request"), by: verifier(),
                      .scopeDateMismatch(scopeDate: "20150831", requestDate: "20150830", timestamp: "20150830T123600Z"))
        assertRefused(signed(credential: "AKIDEXAMPLE/20150830/us-east-1/service/aws4_reques"), by: verifier(), .wrongTerminator("aws4_reques"))
        assertRefused(signed(credential: Self.suiteCredential, signedHeaders: "x-amz-date"), by: verifier(), .hostNotSigned)
        // Any region is accepted.
        guard case .signatureMismatch? = refusal(signed(credential: "AKIDEXAMPLE/20150830/mars-north-7/service/aws4_request"), by: verifier())
        else { Issue.record("region refused"); return }
    }

    // MARK: - Dates

    @Test func timeFormats_roundTrip() {
        #expect(SigV4Time.format(Self.t0) == "20150830T123600Z")
        #expect(SigV4Time.parseIMFFixdate("Sun, 30 Aug 2015 12:36:00 GMT") == Self.t0)
        #expect(SigV4Time.parseBasic("20150230T123600Z") == nil)
        #expect(SigV4Time.parseBasic("20150830T246000Z") == nil)
        #expect(SigV4Time.format(0) == "19700101T000000Z")
    }
}

private extension String {
    func replacingFirst(_ target: String, _ replacement: String) -> String {
        let chars = Array(self), t = Array(target)
        guard t.count <= chars.count else { return self }
        for i in 0...(chars.count - t.count) where Array(chars[i..<i + t.count]) == t {
            return String(chars[..<i]) + replacement + String(chars[(i + t.count)...])
        }
        return self
    }
}
