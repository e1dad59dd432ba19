import XCTest
@testable import SESv2

final class RequestDecoderTests: XCTestCase {
    private func decode(_ json: String) throws -> BatchGetMetricDataRequest {
        try RequestDecoder.decode(Array(json.utf8))
    }

    private func assertBadRequest(_ json: String, contains fragment: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try decode(json), file: file, line: line) { error in
            guard case AWSError.badRequest(let message) = error else {
                return XCTFail("expected badRequest, got \(error)", file: file, line: line)
            }
            XCTAssertTrue(message.contains(fragment), "'\(message)' lacks '\(fragment)'", file: file, line: line)
        }
    }

    func testWellFormedRequest_decodesEveryMember() throws {
        let request = try decode(#"{"Queries":[{"Id":"q1","Namespace":"VDM","Metric":"SEND","Dimensions":{"ISP":"Gmail"},"StartDate":1730419200,"EndDate":1730505600.0}]}"#)
        let q = try XCTUnwrap(request.queries?.first)
        XCTAssertEqual(q.id, "q1")
        XCTAssertEqual(q.namespace, "VDM")
        XCTAssertEqual(q.metric, "SEND")
        XCTAssertEqual(q.dimensions?.map(\.key), ["ISP"])
        XCTAssertEqual(q.startDate?.seconds, 1730419200)
        XCTAssertEqual(q.endDate?.seconds, 1730505600)
        XCTAssertEqual(q.endDate?.hasFraction, false)
    }

    func testEmptyBody_isReadAsEmptyObject() throws {
        XCTAssertNil(try RequestDecoder.decode([]).queries)
    }

    func testUnknownMembers_areIgnored() throws {
        let request = try decode(#"{"Queries":[{"Id":"q","Extra":[1,2]}],"Other":{"x":null}}"#)
        XCTAssertEqual(request.queries?.first?.id, "q")
    }

    func testExplicitNullOnOptionalMember_meansAbsent() throws {
        let request = try decode(#"{"Queries":[{"Id":"q","Dimensions":null}]}"#)
        XCTAssertNil(request.queries?.first?.dimensions)
    }

    func testDuplicateKeys_lastWins() throws {
        let request = try decode(#"{"Queries":[{"Id":"a","Id":"b","Dimensions":{"ISP":"Gmail","ISP":"Yahoo"}}]}"#)
        XCTAssertEqual(request.queries?.first?.id, "b")
        XCTAssertEqual(request.queries?.first?.dimensions?.count, 1)
        XCTAssertEqual(request.queries?.first?.dimensions?.first?.value, "Yahoo")
    }

    func testFractionalTimestamp_isKeptAsFraction() throws {
        let request = try decode(#"{"Queries":[{"StartDate":1730419200.5}]}"#)
        XCTAssertEqual(request.queries?.first?.startDate?.hasFraction, true)
        XCTAssertEqual(request.queries?.first?.startDate?.seconds, 1730419200)
    }

    func testMalformedJSONFamilies_areBadRequests() {
        for body in [#"{"Queries":[]} x"#, #"{"Queries":[]} // c"#, "{'Queries':[]}", #"{"Queries":[],}"#,
                     #"{"Queries":[1,]}"#, #"{"Queries":NaN}"#, #"{"Queries":Infinity}"#, "{", #"{"Queries":[}"#] {
            assertBadRequest(body, contains: "Invalid JSON")
        }
    }

    func testTopLevelNotObject_isBadRequest() {
        assertBadRequest("[]", contains: "expected a JSON object, got array")
        assertBadRequest("\"x\"", contains: "expected a JSON object, got string")
    }

    func testWrongJSONTypes_areBadRequests() {
        assertBadRequest(#"{"Queries":"q"}"#, contains: "Invalid type for Queries: expected a list, got string")
        assertBadRequest(#"{"Queries":[null]}"#, contains: "Queries[0]: expected an object, got null")
        assertBadRequest(#"{"Queries":[{"Id":5}]}"#, contains: "Queries[0].Id: expected a string, got number")
        assertBadRequest(#"{"Queries":[{"StartDate":"2024-11-01"}]}"#, contains: "Queries[0].StartDate: expected a timestamp")
        assertBadRequest(#"{"Queries":[{"Dimensions":["ISP"]}]}"#, contains: "Dimensions: expected a map, got array")
        assertBadRequest(#"{"Queries":[{"Dimensions":{"ISP":null}}]}"#, contains: "Dimensions.ISP: expected a string, got null")
    }

    func testOutOfRangeNumbers_areBadRequests() {
        assertBadRequest(#"{"Queries":[{"StartDate":1e300}]}"#, contains: "out of range")
        assertBadRequest(#"{"Queries":[{"StartDate":-86400}]}"#, contains: "out of range")
        assertBadRequest(#"{"Queries":[{"EndDate":253402300800}]}"#, contains: "out of range")
        assertBadRequest(#"{"Queries":[{"EndDate":99999999999999999999999}]}"#, contains: "out of range")
    }
}
