import MetricsStore
import Testing
@testable import SESv2

@Suite struct RequestValidatorTests {
    let validator = RequestValidator(catalog: .builtIn, maxRangeDays: 1096)
    let day: Int64 = 86_400
    let nov1: Int64 = 1_730_419_200

    private func query(_ id: String? = "q1", metric: String? = "SEND", namespace: String? = "VDM",
                       dimensions: [(key: String, value: String)]? = nil, start: String? = "1730419200", end: String? = "1730505600") -> String {
        var members: [String] = []
        if let id { members.append(#""Id":"\#(id)""#) }
        if let namespace { members.append(#""Namespace":"\#(namespace)""#) }
        if let metric { members.append(#""Metric":"\#(metric)""#) }
        if let dimensions {
            members.append(#""Dimensions":{"# + dimensions.map { #""\#($0.key)":"\#($0.value)""# }.joined(separator: ",") + "}")
        }
        if let start { members.append(#""StartDate":\#(start)"#) }
        if let end { members.append(#""EndDate":\#(end)"#) }
        return "{" + members.joined(separator: ",") + "}"
    }

    private func validate(_ queries: [String]) throws -> [ValidatedQuery] {
        try validator.validate(RequestDecoder.decode(Array(#"{"Queries":[\#(queries.joined(separator: ","))]}"#.utf8)))
    }

    private func message(_ queries: [String]) -> String? {
        do {
            _ = try validate(queries)
            return nil
        } catch AWSError.badRequest(let message) {
            return message
        } catch {
            return "unexpected \(error)"
        }
    }

    @Test func validQuery_becomesStoreQuery() throws {
        let result = try validate([query(dimensions: [("EMAIL_IDENTITY", "example.com"), ("ISP", "*")])])
        #expect(result.count == 1)
        #expect(result[0].id == "q1")
        #expect(result[0].query.metric == .SEND)
        #expect(result[0].query.dimensions.emailIdentity == "example.com")
        #expect(result[0].query.dimensions.isp == nil, "* means every ISP")
        #expect(result[0].query.startDate == nov1)
        #expect(result[0].query.endDate == nov1 + day)
    }

    @Test func missingQueries_isNotNullViolation() throws {
        #expect(throws: AWSError.badRequest("1 validation error detected: Value null at 'queries' failed to satisfy constraint: Member must not be null")) {
            try validator.validate(BatchGetMetricDataRequest())
        }
    }

    @Test func queryCount_mustBeOneToTen() {
        #expect(message([]) == "1 validation error detected: Value '[]' at 'queries' failed to satisfy constraint: Member must have length greater than or equal to 1")
        let eleven = (1...11).map { query("q\($0)") }
        #expect(message(eleven)?.contains("at 'queries' failed to satisfy constraint: Member must have length less than or equal to 10") ?? false)
        #expect(message((1...10).map { query("q\($0)") }) == nil)
    }

    @Test func metricEnum_namesFieldPathAndValueSet() {
        #expect(message([query(metric: "BOUNCE")]) == "1 validation error detected: Value 'BOUNCE' at 'queries.1.member.metric' failed to satisfy constraint: Member must satisfy enum value set: [SEND, COMPLAINT, PERMANENT_BOUNCE, TRANSIENT_BOUNCE, OPEN, CLICK, DELIVERY, DELIVERY_OPEN, DELIVERY_CLICK, DELIVERY_COMPLAINT]")
    }

    @Test func severalViolations_areCountedAndJoined() {
        let m = message([query("q1"), query("q2", metric: "X", namespace: "CW")])
        #expect(m?.hasPrefix("2 validation errors detected: Value 'CW' at 'queries.2.member.namespace'") ?? false, "\(m ?? "")")
        #expect(m?.contains("; Value 'X' at 'queries.2.member.metric'") ?? false)
    }

    @Test func requiredMembers_mustNotBeNull() {
        let m = message([query(nil, metric: nil, namespace: nil, start: nil, end: nil)])
        #expect(m?.hasPrefix("5 validation errors detected") ?? false, "\(m ?? "")")
        for field in ["id", "namespace", "metric", "startDate", "endDate"] {
            #expect(m?.contains("Value null at 'queries.1.member.\(field)' failed to satisfy constraint: Member must not be null") ?? false, "\(field)")
        }
    }

    @Test func idLength_isCountedInCodePoints() {
        #expect(message([query("")])?.contains("Member must have length greater than or equal to 1") ?? false)
        #expect(message([query(String(repeating: "é", count: 255))]) == nil)
        #expect(message([query(String(repeating: "a", count: 256))])?.contains("Member must have length less than or equal to 255") ?? false)
    }

    @Test func duplicateIds_areRejected() {
        #expect(message([query("a"), query("a")])?.contains("Duplicate query Id 'a'") ?? false)
    }

    @Test func dimensions_countAndKeys() {
        #expect(message([query(dimensions: [])])?.contains("at 'queries.1.member.dimensions' failed to satisfy constraint: Member must have length greater than or equal to 1") ?? false)
        #expect(message([query(dimensions: [("ISP", "Gmail"), ("EMAIL_IDENTITY", "a"), ("CONFIGURATION_SET", "b"), ("X", "c")])])?
            .contains("Member must have length less than or equal to 3") ?? false)
        #expect(message([query(dimensions: [("DOMAIN", "a")])])?
            .contains("Map keys must satisfy constraint: [Member must satisfy enum value set: [EMAIL_IDENTITY, CONFIGURATION_SET, ISP]]") ?? false)
    }

    @Test func isp_mustBeInCatalogOrStar() {
        #expect(message([query(dimensions: [("ISP", "Gmail")])]) == nil)
        #expect(message([query(dimensions: [("ISP", "*")])]) == nil)
        #expect(message([query(dimensions: [("ISP", "Mail.ru")])])?.contains("Invalid ISP 'Mail.ru'") ?? false)
        #expect(message([query(dimensions: [("ISP", "gmail")])])?.contains("Invalid ISP 'gmail'") ?? false, "names are case sensitive")
    }

    @Test func dates_mustBeWholeUTCDays() {
        #expect(message([query(start: "1730419201")])?.contains("StartDate of query 'q1' must be a whole UTC day") ?? false)
        #expect(message([query(start: "1730419200.5")])?.contains("must be a whole UTC day") ?? false)
        #expect(message([query(start: "1730419200.000")]) == nil)
        #expect(message([query(end: "1730505600.25")])?.contains("EndDate of query 'q1'") ?? false)
    }

    @Test func start_mustPrecedeEnd() {
        #expect(message([query(start: "1730505600", end: "1730505600")])?.contains("must be earlier than its EndDate") ?? false)
        #expect(message([query(start: "1730505600", end: "1730419200")])?.contains("must be earlier than its EndDate") ?? false)
    }

    @Test func range_isBoundedByMaxRangeDays() {
        #expect(message([query(start: "\(nov1)", end: "\(nov1 + 1096 * day)")]) == nil)
        #expect(message([query(start: "\(nov1)", end: "\(nov1 + 1097 * day)")])?.contains("covers 1097 days; at most 1096") ?? false)
    }
}
