import HTTPServer
@testable import SESWire
@testable import SigV4
import Testing

@Suite struct MediaTypeTests {
    @Test func contentType_acceptsJSONWithParametersInAnyCase() {
        #expect(MediaType.isJSON(contentType: "application/json"))
        #expect(MediaType.isJSON(contentType: "Application/JSON; charset=UTF-8"))
        #expect(MediaType.isJSON(contentType: "APPLICATION/JSON"))
        #expect(!MediaType.isJSON(contentType: "application/jsoN5"))
        #expect(!MediaType.isJSON(contentType: "application/jsox"))
        #expect(!MediaType.isJSON(contentType: nil))
        #expect(!MediaType.isJSON(contentType: "text/plain"))
        #expect(!MediaType.isJSON(contentType: "application/x-amz-json-1.1"))
    }

    @Test func accept_excludingJSON_isRefused() {
        func accepts(_ value: String?) -> Bool {
            MediaType.acceptsJSON(HTTPHeaders(value.map { [("Accept", $0)] } ?? []))
        }
        #expect(accepts(nil))
        #expect(accepts("*/*"))
        #expect(accepts("application/*"))
        #expect(accepts("text/html, application/json;q=0.5"))
        #expect(!accepts("text/html"))
        #expect(!accepts("application/json;q=0"))
        #expect(!accepts("application/json;q=0, */*"), "the most specific range decides")
    }

    @Test func sigV4Scope_isReadFromAuthorization() {
        let head = HTTPRequestHead(method: "POST", target: "/", path: "/", query: [], versionMajor: 1, versionMinor: 1,
                                   headers: HTTPHeaders([("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDX/20241101/eu-west-1/ses/aws4_request, SignedHeaders=host, Signature=abc")]))
        let scope = SigV4Scope(head)
        #expect(scope?.accessKeyID == "AKIDX")
        #expect(scope?.region == "eu-west-1")
        #expect(scope?.service == "ses")
    }
}
