import MetricsStore
import XCTest
@testable import SESv2

final class RequestValidatorTests: XCTestCase {
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

    func testValidQuery_becomesStoreQuery() throws {
        let result = try validate([query(dimensions: [("EMAIL_IDENTITY", "example.com"), ("ISP", "*")])])
        XCTAssertEqual(result.count, 1)
        XCTAssertEqual(result[0].id, "q1")
        XCTAssertEqual(result[0].query.metric, .SEND)
        XCTAssertEqual(result[0].query.dimensions.emailIdentity, "example.com")
        XCTAssertNil(result[0].query.dimensions.isp, "* means every ISP")
        XCTAssertEqual(result[0].query.startDate, nov1)
        XCTAssertEqual(result[0].query.endDate, nov1 + day)
    }

    func testMissingQueries_isNotNullViolation() throws {
        XCTAssertThrowsError(try validator.validate(BatchGetMetricDataRequest())) { error in
            XCTAssertEqual(error as? AWSError, .badRequest("1 validation error detected: Value null at 'queries' failed to satisfy constraint: Member must not be null"))
        }
    }

    func testQueryCount_mustBeOneToTen() {
        XCTAssertEqual(message([]), "1 validation error detected: Value '[]' at 'queries' failed to satisfy constraint: Member must have length greater than or equal to 1")
        let eleven = (1...11).map { query("q\($0)") }
        XCTAssertTrue(message(eleven)?.contains("at 'queries' failed to satisfy constraint: Member must have length less than or equal to 10") ?? false)
        XCTAssertNil(message((1...10).map { query("q\($0)") }))
    }

    func testMetricEnum_namesFieldPathAndValueSet() {
        XCTAssertEqual(message([query(metric: "BOUNCE")]),
                       "1 validation error detected: Value 'BOUNCE' at 'queries.1.member.metric' failed to satisfy constraint: Member must satisfy enum value set: [SEND, COMPLAINT, PERMANENT_BOUNCE, TRANSIENT_BOUNCE, OPEN, CLICK, DELIVERY, DELIVERY_OPEN, DELIVERY_CLICK, DELIVERY_COMPLAINT]")
    }

    func testSeveralViolations_areCountedAndJoined() {
        let m = message([query("q1"), query("q2", metric: "X", namespace: "CW")])
        XCTAssertTrue(m?.hasPrefix("2 validation errors detected: Value 'CW' at 'queries.2.member.namespace'") ?? false, m ?? "")
        XCTAssertTrue(m?.contains("; Value 'X' at 'queries.2.member.metric'") ?? false)
    }

    func testRequiredMembers_mustNotBeNull() {
        let m = message([query(nil, metric: nil, namespace: nil, start: nil, end: nil)])
        XCTAssertTrue(m?.hasPrefix("5 validation errors detected") ?? false, m ?? "")
        for field in ["id", "namespace", "metric", "startDate", "endDate"] {
            XCTAssertTrue(m?.contains("Value null at 'queries.1.member.\(field)' failed to satisfy constraint: Member must not be null") ?? false, field)
        }
    }

    func testIdLength_isCountedInCodePoints() {
        XCTAssertTrue(message([query("")])?.contains("Member must have length greater than or equal to 1") ?? false)
        XCTAssertNil(message([query(String(repeating: "é", count: 255))]))
        XCTAssertTrue(message([query(String(repeating: "a", count: 256))])?.contains("Member must have length less than or equal to 255") ?? false)
    }

    func testDuplicateIds_areRejected() {
        XCTAssertTrue(message([query("a"), query("a")])?.contains("Duplicate query Id 'a'") ?? false)
    }

    func testDimensions_countAndKeys() {
        XCTAssertTrue(message([query(dimensions: [])])?.contains("at 'queries.1.member.dimensions' failed to satisfy constraint: Member must have length greater than or equal to 1") ?? false)
        XCTAssertTrue(message([query(dimensions: [("ISP", "Gmail"), ("EMAIL_IDENTITY", "a"), ("CONFIGURATION_SET", "b"), ("X", "c")])])?
            .contains("Member must have length less than or equal to 3") ?? false)
        XCTAssertTrue(message([query(dimensions: [("DOMAIN", "a")])])?
            .contains("Map keys must satisfy constraint: [Member must satisfy enum value set: [EMAIL_IDENTITY, CONFIGURATION_SET, ISP]]") ?? false)
    }

    func testISP_mustBeInCatalogOrStar() {
        XCTAssertNil(message([query(dimensions: [("ISP", "Gmail")])]))
        XCTAssertNil(message([query(dimensions: [("ISP", "*")])]))
        XCTAssertTrue(message([query(dimensions: [("ISP", "Mail.ru")])])?.contains("Invalid ISP 'Mail.ru'") ?? false)
        XCTAssertTrue(message([query(dimensions: [("ISP", "gmail")])])?.contains("Invalid ISP 'gmail'") ?? false, "names are case sensitive")
    }

    func testDates_mustBeWholeUTCDays() {
        XCTAssertTrue(message([query(start: "1730419201")])?.contains("StartDate of query 'q1' must be a whole UTC day") ?? false)
        XCTAssertTrue(message([query(start: "1730419200.5")])?.contains("must be a whole UTC day") ?? false)
        XCTAssertNil(message([query(start: "1730419200.000")]))
        XCTAssertTrue(message([query(end: "1730505600.25")])?.contains("EndDate of query 'q1'") ?? false)
    }

    func testStart_mustPrecedeEnd() {
        XCTAssertTrue(message([query(start: "1730505600", end: "1730505600")])?.contains("must be earlier than its EndDate") ?? false)
        XCTAssertTrue(message([query(start: "1730505600", end: "1730419200")])?.contains("must be earlier than its EndDate") ?? false)
    }

    func testRange_isBoundedByMaxRangeDays() {
        XCTAssertNil(message([query(start: "\(nov1)", end: "\(nov1 + 1096 * day)")]))
        XCTAssertTrue(message([query(start: "\(nov1)", end: "\(nov1 + 1097 * day)")])?.contains("covers 1097 days; at most 1096") ?? false)
    }
}
