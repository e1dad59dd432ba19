import MetricsStore
@testable import SESDomain
@testable import SESOperations
@testable import SESWire
import Testing

@Suite struct RequestValidatorTests {
    var validator = RequestValidator(maxRangeDays: 60, wildcards: .all)
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

    @Test func missingQueries_isNotNull_withNoValueEchoed() throws {
        #expect(throws: AWSError.badRequest("1 validation error detected: Value at 'queries' failed to satisfy constraint: Member must not be null")) {
            try validator.validate(BatchGetMetricDataRequest())
        }
    }

    @Test func queryCount_isOneToTen() {
        #expect(message([]) == "1 validation error detected: Value at 'queries' failed to satisfy constraint: Member must have length greater than or equal to 1")
        #expect(message((1...11).map { query("q\($0)") }) == "1 validation error detected: Value at 'queries' failed to satisfy constraint: Member must have length less than or equal to 10")
        #expect(message((1...10).map { query("q\($0)") }) == nil)
    }

    @Test func memberConstraints_areAggregated_inAWSsOrder_withoutValues() {
        #expect(message([query(metric: "BOUNCE")]) == "1 validation error detected: Value at 'queries.1.member.metric' failed to satisfy constraint: Member must satisfy enum value set: [DELIVERY_COMPLAINT, CLICK, SEND, OPEN, COMPLAINT, DELIVERY, DELIVERY_OPEN, PERMANENT_BOUNCE, DELIVERY_CLICK, TRANSIENT_BOUNCE]")
        #expect(message([query("a"), query("b", metric: "X", namespace: "CW", dimensions: [])]) == "3 validation errors detected: "
            + "Value at 'queries.2.member.metric' failed to satisfy constraint: Member must satisfy enum value set: \(RequestValidator.metricEnumText); "
            + "Value at 'queries.2.member.namespace' failed to satisfy constraint: Member must satisfy enum value set: [VDM]; "
            + "Value at 'queries.2.member.dimensions' failed to satisfy constraint: Member must have length greater than or equal to 1")
        #expect(message([query(nil, metric: nil, namespace: nil, start: nil, end: nil)]) == "5 validation errors detected: "
            + ["metric", "namespace", "id", "startDate", "endDate"].map {
                "Value at 'queries.1.member.\($0)' failed to satisfy constraint: Member must not be null"
            }.joined(separator: "; "))
    }

    @Test func idLength_isOneTo255_inUnicodeScalars() {
        #expect(message([query("")]) == "1 validation error detected: Value at 'queries.1.member.id' failed to satisfy constraint: Member must have length greater than or equal to 1")
        #expect(message([query(String(repeating: "é", count: 255))]) == nil)
        #expect(message([query(String(repeating: "a", count: 256))])?.hasSuffix("Member must have length less than or equal to 255") == true)
    }

    @Test func duplicateIds_outrankEveryLaterRule() {
        #expect(message([query("a"), query("a", metric: "NOPE", start: "1730505600")]) == "All queries must have a unique identifier.")
    }

    @Test func unknownDimensionNames_areUnsupported_beforeMemberConstraints() {
        #expect(message([query(metric: "NOPE", dimensions: [("DOMAIN", "a")])]) == "Unsupported dimension provided.")
        #expect(message([query(dimensions: [("ISP", "Gmail"), ("EMAIL_IDENTITY", "a"), ("CONFIGURATION_SET", "b"), ("TENANT_NAME", "c")])])
            == "1 validation error detected: Value at 'queries.1.member.dimensions' failed to satisfy constraint: Member must have length less than or equal to 3")
    }

    @Test func dimensionValues_followAWSsFormats() {
        let cases: [((String, String), String?)] = [
            (("ISP", "Gmail"), nil), (("ISP", "Some_New-ISP2"), nil),
            (("ISP", "Mail.ru"), "Invalid ISP name provided."), (("ISP", "AT&T"), "Invalid ISP name provided."),
            (("ISP", ""), "Invalid ISP name provided."),
            (("EMAIL_IDENTITY", "example.com"), nil), (("EMAIL_IDENTITY", "a@example.com"), nil),
            (("EMAIL_IDENTITY", "a b.com"), "Invalid email identity provided."), (("EMAIL_IDENTITY", "@x.com"), "Invalid email identity provided."),
            (("EMAIL_IDENTITY", "a@"), "Invalid email identity provided."), (("EMAIL_IDENTITY", ""), "Invalid email identity provided."),
            (("CONFIGURATION_SET", "news_1-a"), nil), (("CONFIGURATION_SET", ""), "The configuration set name must be specified."),
            (("CONFIGURATION_SET", "a.b"), "Invalid configuration set name a.b: only alphanumeric ASCII characters, '_', and '-' are allowed."),
            (("TENANT_NAME", "t-1"), nil), (("TENANT_NAME", ""), "TenantName cannot be empty"),
            (("TENANT_NAME", "t 1"), "Invalid tenant name t 1: only alphanumeric ASCII characters, '_', and '-' are allowed."),
        ]
        for (dimension, expected) in cases {
            #expect(message([query(dimensions: [dimension])]) == expected, "\(dimension)")
        }
    }

    @Test func wildcards_meanAll_orAreRefusedWhenAsked() throws {
        for name in Dimension.allCases.map(\.rawValue) {
            #expect(message([query(dimensions: [(name, "*")])]) == nil, "\(name)")
        }
        var strict = self
        strict.validator = RequestValidator(maxRangeDays: 60, wildcards: .reject)
        #expect(strict.message([query(dimensions: [("EMAIL_IDENTITY", "*")])]) == "Invalid email identity provided.")
        #expect(strict.message([query(dimensions: [("ISP", "*")])]) == "Invalid ISP name provided.")
    }

    @Test func anIdentityErrorInQuery2_outranksADateErrorInQuery1() {
        #expect(message([query("a", start: "1730505600", end: "1730419200"), query("b", dimensions: [("EMAIL_IDENTITY", "a b")])])
            == "Invalid email identity provided.")
    }

    @Test func dates_startBeforeEnd_thenRange_thenWholeDays() {
        #expect(message([query(start: "1730505600", end: "1730505600")]) == "Expected start date to be before the end date.")
        #expect(message([query(start: "1730505600", end: "1730419200")]) == "Expected start date to be before the end date.")
        #expect(message([query(start: "\(nov1)", end: "\(nov1 + 60 * day)")]) == nil)
        #expect(message([query(start: "\(nov1 + 1)", end: "\(nov1 + 61 * day)")])
            == "Invalid interval, can request at most 60 days. Please partition your requested interval.")
        #expect(message([query(start: "1730419201")]) == "StartDate of query 'q1' must be a whole UTC day (midnight, 00:00:00Z); got 2024-11-01T00:00:01Z.")
        #expect(message([query(start: "1730419200.5")])?.contains("got 2024-11-01T00:00:00.500Z") == true)
        #expect(message([query(start: "1730419200.000")]) == nil)
        #expect(message([query(end: "\"2024-11-02T10:00:00Z\"")]) == "EndDate of query 'q1' must be a whole UTC day (midnight, 00:00:00Z); got 2024-11-02T10:00:00Z.")
    }

    @Test func theRangeLimit_isConfigurable_andNamedInTheSameSentence() {
        var wide = self
        wide.validator = RequestValidator(maxRangeDays: 1096, wildcards: .all)
        #expect(wide.message([query(start: "\(nov1)", end: "\(nov1 + 1096 * day)")]) == nil)
        #expect(wide.message([query(start: "\(nov1)", end: "\(nov1 + 1097 * day)")])
            == "Invalid interval, can request at most 1096 days. Please partition your requested interval.")
    }

    @Test func emailIdentities_haveNoWhitespace_andAtMostOneAtWithTextOnBothSides() {
        let valid = ["example.com", "a@b", "alerts@example.org", "é.example", "ü@ö"]
        let invalid = ["", "*", "a b", "a\tb", "a\nb", "a\u{0B}b", "a\u{00A0}b", "a\u{2003}b", "x\u{3000}",
                       "@b", "a@", "a@b@c", "@"]
        for value in valid { #expect(RequestValidator.isEmailIdentity(value), "\(value.debugDescription)") }
        for value in invalid { #expect(!RequestValidator.isEmailIdentity(value), "\(value.debugDescription)") }
    }
}
