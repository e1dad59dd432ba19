@testable import SESDomain
@testable import SESOperations
@testable import SESWire
import Testing

@Suite struct RequestDecoderTests {
    private func decode(_ json: String) throws -> BatchGetMetricDataRequest {
        try RequestDecoder.decode(Array(json.utf8))
    }

    private func assertSerializationError(_ json: String, contains fragment: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let error = #expect(throws: (any Error).self, sourceLocation: sourceLocation) { try decode(json) }
        guard case AWSError.serialization(let message)? = error else {
            Issue.record("expected a SerializationException, got \(String(describing: error))", sourceLocation: sourceLocation); return
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
        #expect(q.startDate?.millis == 1_730_419_200_000)
        #expect(q.endDate?.millis == 1_730_505_600_000)
        #expect(q.endDate?.finerThanMillis == false)
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
        #expect(request.queries?.first?.startDate?.millis == 1_730_419_200_500)
        #expect(request.queries?.first?.startDate?.finerThanMillis == false)
    }

    @Test func malformedJSONFamilies_areSerializationErrors() {
        for body in [#"{"Queries":[]} x"#, #"{"Queries":[]} // c"#, "{'Queries':[]}", #"{"Queries":[],}"#,
                     #"{"Queries":[1,]}"#, #"{"Queries":NaN}"#, #"{"Queries":Infinity}"#, "{", #"{"Queries":[}"#] {
            assertSerializationError(body, contains: "Invalid JSON")
        }
    }

    @Test func topLevelNotObject_isSerializationError() {
        assertSerializationError("[]", contains: "expected a JSON object, got array")
        assertSerializationError("\"x\"", contains: "expected a JSON object, got string")
    }

    @Test func wrongJSONTypes_areSerializationErrors() {
        assertSerializationError(#"{"Queries":"q"}"#, contains: "Invalid type for Queries: expected a list, got string")
        assertSerializationError(#"{"Queries":[null]}"#, contains: "Queries[0]: expected an object, got null")
        assertSerializationError(#"{"Queries":[{"Id":5}]}"#, contains: "Queries[0].Id: expected a string, got number")
        assertSerializationError(#"{"Queries":[{"StartDate":"2024-11-01"}]}"#, contains: "Queries[0].StartDate: '2024-11-01' is not an RFC 3339 date-time")
        assertSerializationError(#"{"Queries":[{"StartDate":true}]}"#, contains: "Queries[0].StartDate: expected a timestamp")
        assertSerializationError(#"{"Queries":[{"Dimensions":["ISP"]}]}"#, contains: "Dimensions: expected a map, got array")
        assertSerializationError(#"{"Queries":[{"Dimensions":{"ISP":null}}]}"#, contains: "Dimensions.ISP: expected a string, got null")
    }

    @Test func numbersThatAreNoTimestamp_areSerializationErrors() {
        assertSerializationError(#"{"Queries":[{"StartDate":1e300}]}"#, contains: "is not a timestamp")
        assertSerializationError(#"{"Queries":[{"StartDate":-86400}]}"#, contains: "is not a timestamp")
        assertSerializationError(#"{"Queries":[{"EndDate":253402300800}]}"#, contains: "is not a timestamp")
        assertSerializationError(#"{"Queries":[{"EndDate":99999999999999999999999}]}"#, contains: "is not a timestamp")
    }

    @Test func rfc3339Dates_areReadAsTimestamps() throws {
        let request = try decode(#"{"Queries":[{"StartDate":"2024-11-01T00:00:00Z","EndDate":"2024-11-02T02:00:00+02:00"}]}"#)
        #expect(request.queries?.first?.startDate?.millis == 1_730_419_200_000)
        #expect(request.queries?.first?.endDate?.millis == 1_730_505_600_000)
    }
}
