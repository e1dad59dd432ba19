import HTTPServer
import Testing
@testable import SigV4

@Suite struct SigV4ScopeTests {
    private struct HeadMissing: Error {}

    private func head(authorization: String? = nil, target: String = "/v2/email/metrics/batch") throws -> HTTPRequestHead {
        var raw = "POST \(target) HTTP/1.1\r\nHost: x\r\n"
        if let authorization { raw += "Authorization: \(authorization)\r\n" }
        raw += "\r\n"
        var parser = RequestParser(limits: HTTPLimits())
        parser.append(Array(raw.utf8))
        guard case .head(let head, _) = try parser.next() else { throw HeadMissing() }
        return head
    }

    @Test func scope_isReadFromTheAuthorizationHeader() throws {
        let scope = SigV4Scope(try head(authorization:
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261128/eu-west-1/ses/aws4_request, SignedHeaders=host, Signature=0"))
        #expect(scope == SigV4Scope(credential: "AKIDEXAMPLE/20261128/eu-west-1/ses/aws4_request"))
        #expect(scope?.accessKeyID == "AKIDEXAMPLE")
        #expect(scope?.date == "20261128")
        #expect(scope?.region == "eu-west-1")
        #expect(scope?.service == "ses")
    }

    @Test func scope_isReadFromAPresignedURL() throws {
        let scope = SigV4Scope(try head(target: "/v2/email/metrics/batch?X-Amz-Credential=AK%2F20261128%2Fus-east-1%2Fses%2Faws4_request"))
        #expect(scope?.accessKeyID == "AK")
        #expect(scope?.region == "us-east-1")
    }

    @Test func credential_withoutFiveParts_orTerminator_isNoScope() {
        #expect(SigV4Scope(credential: "AK/20261128/us-east-1/ses") == nil)
        #expect(SigV4Scope(credential: "AK/20261128/us-east-1/ses/aws4_request/extra") == nil)
        #expect(SigV4Scope(credential: "/20261128/us-east-1/ses/aws4_request") == nil)
        #expect(SigV4Scope(credential: "AK/20261128/us-east-1/ses/aws4_requesT") == nil)
        #expect(SigV4Scope(credential: "") == nil)
        #expect(SigV4Scope(credential: "AK///ses/aws4_request")?.region == "")
    }

    @Test func otherSchemes_andNoCredentials_areNoScope() throws {
        #expect(SigV4Scope(try head(authorization: "Basic dXNlcjpwYXNz")) == nil)
        #expect(SigV4Scope(try head()) == nil)
    }
}
