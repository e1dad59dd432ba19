import HTTPServer
import XCTest
@testable import SESv2

final class AWSErrorTests: XCTestCase {
    func testBadRequest_rendersAWSWireForm() {
        let response = AWSError.badRequest("bad \"thing\"").response(requestID: "rid")
        XCTAssertEqual(response.status.code, 400)
        XCTAssertEqual(response.headers["x-amzn-ErrorType"], "BadRequestException:http://internal.amazon.com/coral/com.amazonaws.sesv2/")
        XCTAssertEqual(response.headers["Content-Type"], "application/json")
        XCTAssertEqual(response.headers["x-amzn-RequestId"], "rid")
        XCTAssertEqual(String(decoding: response.body, as: UTF8.self), #"{"message":"bad \"thing\""}"#)
    }

    func testEachError_hasItsStatusAndCode() {
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
            XCTAssertEqual(response.status.code, status)
            XCTAssertEqual(response.headers["x-amzn-ErrorType"]?.split(separator: ":").first.map(String.init), code)
        }
        XCTAssertEqual(AWSError.tooManyRequests.message, "Rate exceeded")
    }

    func testMethodNotAllowed_carriesAllow() {
        XCTAssertEqual(AWSError.methodNotAllowed(allowed: ["POST"]).response(requestID: "r").headers["Allow"], "POST")
    }

    func testCoreErrors_mapToAWSShapes() {
        XCTAssertEqual(AWSError(.malformedRequest(.missingHost)).status, 400)
        XCTAssertEqual(AWSError(.malformedRequest(.missingHost)).code, "BadRequestException")
        XCTAssertEqual(AWSError(.malformedRequest(.bodyTooLarge(limit: 5))).status, 413)
        XCTAssertEqual(AWSError(.requestTimeout).status, 408)
        XCTAssertEqual(AWSError(.tooManyConnections).status, 503)
        XCTAssertEqual(AWSError(.notFound).status, 404)
    }

    func testRequestIDs_areVersion4UUIDs() {
        let id = RequestID.make()
        let parts = id.split(separator: "-")
        XCTAssertEqual(parts.map(\.count), [8, 4, 4, 4, 12])
        XCTAssertEqual(parts[2].first, "4")
        XCTAssertTrue("89ab".contains(parts[3].first!))
        XCTAssertNotEqual(id, RequestID.make())
    }

    func testRequestIDs_doNotRepeat() {
        var seen = Set<String>()
        for _ in 0..<100_000 { seen.insert(RequestID.make()) }
        XCTAssertEqual(seen.count, 100_000)
    }
}
