import HTTPServer
import XCTest
@testable import SESv2

final class SigV4ScopeTests: XCTestCase {
    private func head(authorization: String? = nil, target: String = "/v2/email/metrics/batch") throws -> HTTPRequestHead {
        var raw = "POST \(target) HTTP/1.1\r\nHost: x\r\n"
        if let authorization { raw += "Authorization: \(authorization)\r\n" }
        raw += "\r\n"
        var parser = RequestParser(limits: HTTPLimits())
        parser.append(Array(raw.utf8))
        guard case .head(let head, _) = try parser.next() else { throw XCTSkip("no head") }
        return head
    }

    func testScope_isReadFromTheAuthorizationHeader() throws {
        let scope = SigV4Scope(try head(authorization:
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261128/eu-west-1/ses/aws4_request, SignedHeaders=host, Signature=0"))
        XCTAssertEqual(scope, SigV4Scope(credential: "AKIDEXAMPLE/20261128/eu-west-1/ses/aws4_request"))
        XCTAssertEqual(scope?.accessKeyID, "AKIDEXAMPLE")
        XCTAssertEqual(scope?.date, "20261128")
        XCTAssertEqual(scope?.region, "eu-west-1")
        XCTAssertEqual(scope?.service, "ses")
    }

    func testScope_isReadFromAPresignedURL() throws {
        let scope = SigV4Scope(try head(target: "/v2/email/metrics/batch?X-Amz-Credential=AK%2F20261128%2Fus-east-1%2Fses%2Faws4_request"))
        XCTAssertEqual(scope?.accessKeyID, "AK")
        XCTAssertEqual(scope?.region, "us-east-1")
    }

    func testCredential_withoutFiveParts_orTerminator_isNoScope() {
        XCTAssertNil(SigV4Scope(credential: "AK/20261128/us-east-1/ses"))
        XCTAssertNil(SigV4Scope(credential: "AK/20261128/us-east-1/ses/aws4_request/extra"))
        XCTAssertNil(SigV4Scope(credential: "/20261128/us-east-1/ses/aws4_request"))
        XCTAssertNil(SigV4Scope(credential: "AK/20261128/us-east-1/ses/aws4_requesT"))
        XCTAssertNil(SigV4Scope(credential: ""))
        XCTAssertEqual(SigV4Scope(credential: "AK///ses/aws4_request")?.region, "")
    }

    func testOtherSchemes_andNoCredentials_areNoScope() throws {
        XCTAssertNil(SigV4Scope(try head(authorization: "Basic dXNlcjpwYXNz")))
        XCTAssertNil(SigV4Scope(try head()))
    }
}
