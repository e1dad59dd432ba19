import HTTPServer
import XCTest
@testable import SESv2

final class MediaTypeTests: XCTestCase {
    func testContentType_acceptsJSONWithParametersInAnyCase() {
        XCTAssertTrue(MediaType.isJSON(contentType: "application/json"))
        XCTAssertTrue(MediaType.isJSON(contentType: "Application/JSON; charset=UTF-8"))
        XCTAssertTrue(MediaType.isJSON(contentType: "APPLICATION/JSON"))
        XCTAssertFalse(MediaType.isJSON(contentType: "application/jsoN5"))
        XCTAssertFalse(MediaType.isJSON(contentType: "application/jsox"))
        XCTAssertFalse(MediaType.isJSON(contentType: nil))
        XCTAssertFalse(MediaType.isJSON(contentType: "text/plain"))
        XCTAssertFalse(MediaType.isJSON(contentType: "application/x-amz-json-1.1"))
    }

    func testAccept_excludingJSON_isRefused() {
        func accepts(_ value: String?) -> Bool {
            MediaType.acceptsJSON(HTTPHeaders(value.map { [("Accept", $0)] } ?? []))
        }
        XCTAssertTrue(accepts(nil))
        XCTAssertTrue(accepts("*/*"))
        XCTAssertTrue(accepts("application/*"))
        XCTAssertTrue(accepts("text/html, application/json;q=0.5"))
        XCTAssertFalse(accepts("text/html"))
        XCTAssertFalse(accepts("application/json;q=0"))
        XCTAssertFalse(accepts("application/json;q=0, */*"), "the most specific range decides")
    }

    func testSigV4Scope_isReadFromAuthorization() {
        let head = HTTPRequestHead(method: "POST", target: "/", path: "/", query: [], versionMajor: 1, versionMinor: 1,
                                   headers: HTTPHeaders([("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDX/20241101/eu-west-1/ses/aws4_request, SignedHeaders=host, Signature=abc")]))
        let scope = SigV4Scope(head)
        XCTAssertEqual(scope?.accessKeyID, "AKIDX")
        XCTAssertEqual(scope?.region, "eu-west-1")
        XCTAssertEqual(scope?.service, "ses")
    }
}
