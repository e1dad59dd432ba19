import HTTPServer
import MetricsStore
import XCTest
@testable import SESv2

final class FaultInjectorTests: XCTestCase {
    private func query(_ id: String, _ metric: Metric = .SEND, identity: String? = nil, isp: String? = nil) -> ValidatedQuery {
        ValidatedQuery(id: id, query: MetricQuery(metric: metric, dimensions: DimensionFilter(emailIdentity: identity, configurationSet: nil, isp: isp), startDate: 0, endDate: 86_400))
    }

    private func scope(_ key: String, region: String = "us-east-1") -> SigV4Scope {
        SigV4Scope(credential: "\(key)/20261101/\(region)/ses/aws4_request")!
    }

    private func injector(_ json: String) throws -> FaultInjector {
        FaultInjector(startup: try FaultConfiguration(jsonBytes: Array(json.utf8), catalog: .builtIn))
    }

    func testQueryFault_matchesOnlyItsAccessKey() throws {
        let faults = try injector(#"{"queryFaults":[{"code":"ACCESS_DENIED","match":{"accessKeyId":"AKIDRO"}}]}"#)
        XCTAssertEqual(faults.queryFaults([query("a")], scope: scope("AKIDRO")).first??.code, "ACCESS_DENIED")
        XCTAssertNil(faults.queryFaults([query("a")], scope: scope("AKIDRW")).first!)
        XCTAssertNil(faults.queryFaults([query("a")], scope: nil).first!, "unsigned requests have no key")
    }

    func testDimensionMatch_includesQueriesThatDoNotFilterIt() throws {
        let faults = try injector(#"{"queryFaults":[{"code":"INTERNAL_FAILURE","match":{"emailIdentity":"blocked.example"}}]}"#)
        let outcomes = faults.queryFaults([query("all"), query("blocked", identity: "blocked.example"), query("other", identity: "ok.example")], scope: nil)
        XCTAssertNotNil(outcomes[0], "a query over every identity reads the blocked one too")
        XCTAssertNotNil(outcomes[1])
        XCTAssertNil(outcomes[2])
    }

    func testMetricAndQueryIdMatch() throws {
        let faults = try injector(#"{"queryFaults":[{"code":"INTERNAL_FAILURE","match":{"metric":"OPEN","queryId":"o*"}}]}"#)
        let outcomes = faults.queryFaults([query("o1", .OPEN), query("o2", .SEND), query("x", .OPEN)], scope: nil)
        XCTAssertNotNil(outcomes[0])
        XCTAssertNil(outcomes[1])
        XCTAssertNil(outcomes[2])
    }

    func testLimit_stopsRuleAfterItFired() throws {
        let faults = try injector(#"{"queryFaults":[{"code":"INTERNAL_FAILURE","limit":2}]}"#)
        let outcomes = faults.queryFaults([query("a"), query("b"), query("c")], scope: nil)
        XCTAssertEqual(outcomes.map { $0 != nil }, [true, true, false])
        faults.reset()
        XCTAssertNotNil(faults.queryFaults([query("a")], scope: nil)[0], "reset zeroes the counters")
    }

    func testFirstMatchingRuleWins() throws {
        let faults = try injector(#"{"queryFaults":[{"code":"ACCESS_DENIED","message":"first"},{"code":"INTERNAL_FAILURE"}]}"#)
        XCTAssertEqual(faults.queryFaults([query("a")], scope: nil)[0]?.message, "first")
    }

    func testSeededProbability_isReproducible() throws {
        let json = #"{"seed":42,"queryFaults":[{"code":"INTERNAL_FAILURE","probability":0.5}]}"#
        let queries = (0..<64).map { query("q\($0)") }
        let first = try injector(json).queryFaults(queries, scope: nil).map { $0 != nil }
        let second = try injector(json).queryFaults(queries, scope: nil).map { $0 != nil }
        XCTAssertEqual(first, second)
        XCTAssertTrue(first.contains(true) && first.contains(false), "p = 0.5 over 64 draws fires some and not all")
        let other = try injector(#"{"seed":43,"queryFaults":[{"code":"INTERNAL_FAILURE","probability":0.5}]}"#).queryFaults(queries, scope: nil).map { $0 != nil }
        XCTAssertNotEqual(first, other, "another seed, another sequence")
    }

    func testRequestFault_matchesServiceOperationKeyAndRegion() throws {
        let faults = try injector(#"{"requestFaults":[{"service":"sesv2","operation":"BatchGetMetricData","match":{"accessKeyId":"AKIDFLAKY","region":"eu-west-1"},"error":{"statusCode":429,"code":"TooManyRequestsException"}}]}"#)
        XCTAssertEqual(faults.requestFault(operation: "BatchGetMetricData", scope: scope("AKIDFLAKY", region: "eu-west-1")), .tooManyRequests)
        XCTAssertNil(faults.requestFault(operation: "BatchGetMetricData", scope: scope("AKIDFLAKY")))
        XCTAssertNil(faults.requestFault(operation: "SendEmail", scope: scope("AKIDFLAKY", region: "eu-west-1")))
        let otherService = try injector(#"{"requestFaults":[{"service":"s3"}]}"#)
        XCTAssertNil(otherService.requestFault(operation: "BatchGetMetricData", scope: nil), "kept, listed, never matching")
        XCTAssertEqual(otherService.configuration.requestFaults.count, 1)
    }

    func testRateLimiter_takesNothingWhenRefused() {
        let limiter = RateLimiter(limit: RateLimit(callsPerSecond: 2, queriesPerSecond: 10))
        XCTAssertTrue(limiter.admit(accessKeyID: "a", queries: 6))
        XCTAssertFalse(limiter.admit(accessKeyID: "a", queries: 6), "queries bucket short")
        XCTAssertTrue(limiter.admit(accessKeyID: "a", queries: 4), "the refused call took no tokens")
        XCTAssertFalse(limiter.admit(accessKeyID: "a", queries: 0), "calls bucket empty")
        XCTAssertTrue(limiter.admit(accessKeyID: "b", queries: 10), "buckets are per access key")
        limiter.reset()
        XCTAssertTrue(limiter.admit(accessKeyID: "a", queries: 10))
    }

    func testRateLimitOption_parses() {
        XCTAssertEqual(RateLimit.parse("off"), .some(nil))
        XCTAssertEqual(RateLimit.parse("16:160"), .some(.aws))
        XCTAssertNil(RateLimit.parse("16"))
        XCTAssertNil(RateLimit.parse("0:5"))
        XCTAssertNil(RateLimit.parse("a:b"))
    }
}
