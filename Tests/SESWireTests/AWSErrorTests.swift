import HTTPServer
@testable import SESWire
import Testing

@Suite struct AWSErrorTests {
    @Test func badRequest_rendersAWSWireForm() {
        let response = AWSError.badRequest("bad \"thing\"").response(requestID: "rid")
        #expect(response.status.code == 400)
        #expect(response.headers["x-amzn-ErrorType"] == "BadRequestException:http://internal.amazon.com/coral/com.amazonaws.sesv2/")
        #expect(response.headers["Content-Type"] == "application/json")
        #expect(response.headers["x-amzn-RequestId"] == "rid")
        #expect(String(decoding: response.body, as: UTF8.self) == #"{"message":"bad \"thing\""}"#)
    }

    @Test func eachError_hasItsStatusAndCode() {
        let cases: [(AWSError, Int, String)] = [
            (.notFound("x"), 404, "NotFoundException"),
            (.tooManyRequests, 429, "TooManyRequestsException"),
            (.internalFailure("x"), 500, "InternalServiceErrorException"),
            (.unsupportedMediaType("x"), 415, "UnsupportedMediaTypeException"),
            (.notAcceptable("x"), 406, "NotAcceptableException"),
            (.operationNotEmulated("SendEmail", emulated: ["BatchGetMetricData"]), 501, "NotImplementedException"),
            (.custom(status: 418, code: "Teapot", message: "x"), 418, "Teapot"),
        ]
        for (error, status, code) in cases {
            let response = error.response(requestID: "r")
            #expect(response.status.code == status)
            #expect(response.headers["x-amzn-ErrorType"]?.split(separator: ":").first.map(String.init) == code)
        }
        #expect(AWSError.tooManyRequests.message == "Rate exceeded")
    }

    @Test func methodNotAllowed_carriesAllow() {
        #expect(AWSError.methodNotAllowed(allowed: ["POST"]).response(requestID: "r").headers["Allow"] == "POST")
    }

    @Test func coreErrors_mapToAWSShapes() {
        #expect(AWSError(.malformedRequest(.missingHost)).status == 400)
        #expect(AWSError(.malformedRequest(.missingHost)).code == "BadRequestException")
        #expect(AWSError(.malformedRequest(.bodyTooLarge(limit: 5))).status == 413)
        #expect(AWSError(.requestTimeout).status == 408)
        #expect(AWSError(.tooManyConnections).status == 503)
        #expect(AWSError(.notFound).status == 404)
    }

    @Test func requestIDs_areVersion4UUIDs() {
        let id = RequestID.make()
        let parts = id.split(separator: "-")
        #expect(parts.map(\.count) == [8, 4, 4, 4, 12])
        #expect(parts[2].first == "4")
        #expect("89ab".contains(parts[3].first!))
        #expect(id != RequestID.make())
    }

    @Test func requestIDs_doNotRepeat() {
        var seen = Set<String>()
        for _ in 0..<100_000 { seen.insert(RequestID.make()) }
        #expect(seen.count == 100_000)
    }
}
