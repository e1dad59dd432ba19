import Testing
@testable import SESv2

@Suite struct RequestDecoderTests {
    private func decode(_ json: String) throws -> BatchGetMetricDataRequest {
        try RequestDecoder.decode(Array(json.utf8))
    }

    private func assertBadRequest(_ json: String, contains fragment: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let error = #expect(throws: (any Error).self, sourceLocation: sourceLocation) { try decode(json) }
        guard case AWSError.badRequest(let message)? = error else {
            Issue.record("expected badRequest, got \(String(describing: error))", sourceLocation: sourceLocation); return
        }
        #expect(message.contains(fragment), "'\(message)' lacks '\(fragment)'", sourceLocation: sourceLocation)
    }

    @Test func wellFormedRequest_decodesEveryMember() throws {
        let request = try decode(#"{"Queries":[{"Id":"q1","Namespace":"VDM","Metric":"SEND","Dimensions":{"ISP":"Gmail"},"StartDate":1730419200,"EndDate":1730505600.0}]}"#)
        let q = try #require(request.queries?.first)
        #expect(q.id == "q1")
        #expect(q.namespace == "VDM")
        #expect(q.metric == "SEND")
        #expect(q.dimensions?.map(\.key) == ["ISP"])
        #expect(q.startDate?.seconds == 1730419200)
        #expect(q.endDate?.seconds == 1730505600)
        #expect(q.endDate?.hasFraction == false)
    }

    @Test func emptyBody_isReadAsEmptyObject() throws {
        #expect(try RequestDecoder.decode([]).queries == nil)
    }

    @Test func unknownMembers_areIgnored() throws {
        let request = try decode(#"{"Queries":[{"Id":"q","Extra":[1,2]}],"Other":{"x":null}}"#)
        #expect(request.queries?.first?.id == "q")
    }

    @Test func explicitNullOnOptionalMember_meansAbsent() throws {
        let request = try decode(#"{"Queries":[{"Id":"q","Dimensions":null}]}"#)
        #expect(request.queries?.first?.dimensions == nil)
    }

    @Test func duplicateKeys_lastWins() throws {
        let request = try decode(#"{"Queries":[{"Id":"a","Id":"b","Dimensions":{"ISP":"Gmail","ISP":"Yahoo"}}]}"#)
        #expect(request.queries?.first?.id == "b")
        #expect(request.queries?.first?.dimensions?.count == 1)
        #expect(request.queries?.first?.dimensions?.first?.value == "Yahoo")
    }

    @Test func fractionalTimestamp_isKeptAsFraction() throws {
        let request = try decode(#"{"Queries":[{"StartDate":1730419200.5}]}"#)
        #expect(request.queries?.first?.startDate?.hasFraction == true)
        #expect(request.queries?.first?.startDate?.seconds == 1730419200)
    }

    @Test func malformedJSONFamilies_areBadRequests() {
        for body in [#"{"Queries":[]} x"#, #"{"Queries":[]} // c"#, "{'Queries':[]}", #"{"Queries":[],}"#,
                     #"{"Queries":[1,]}"#, #"{"Queries":NaN}"#, #"{"Queries":Infinity}"#, "{", #"{"Queries":[}"#] {
            assertBadRequest(body, contains: "Invalid JSON")
        }
    }

    @Test func topLevelNotObject_isBadRequest() {
        assertBadRequest("[]", contains: "expected a JSON object, got array")
        assertBadRequest("\"x\"", contains: "expected a JSON object, got string")
    }

    @Test func wrongJSONTypes_areBadRequests() {
        assertBadRequest(#"{"Queries":"q"}"#, contains: "Invalid type for Queries: expected a list, got string")
        assertBadRequest(#"{"Queries":[null]}"#, contains: "Queries[0]: expected an object, got null")
        assertBadRequest(#"{"Queries":[{"Id":5}]}"#, contains: "Queries[0].Id: expected a string, got number")
        assertBadRequest(#"{"Queries":[{"StartDate":"2024-11-01"}]}"#, contains: "Queries[0].StartDate: expected a timestamp")
        assertBadRequest(#"{"Queries":[{"Dimensions":["ISP"]}]}"#, contains: "Dimensions: expected a map, got array")
        assertBadRequest(#"{"Queries":[{"Dimensions":{"ISP":null}}]}"#, contains: "Dimensions.ISP: expected a string, got null")
    }

    @Test func outOfRangeNumbers_areBadRequests() {
        assertBadRequest(#"{"Queries":[{"StartDate":1e300}]}"#, contains: "out of range")
        assertBadRequest(#"{"Queries":[{"StartDate":-86400}]}"#, contains: "out of range")
        assertBadRequest(#"{"Queries":[{"EndDate":253402300800}]}"#, contains: "out of range")
        assertBadRequest(#"{"Queries":[{"EndDate":99999999999999999999999}]}"#, contains: "out of range")
    }
}
