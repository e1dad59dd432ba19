import HTTPServer
import MetricsStore
@testable import SESDomain
@testable import SESWire
@testable import SigV4
import Testing

@Suite struct FaultInjectorTests {
    private func query(_ id: String, _ metric: Metric = .SEND, identity: String? = nil, isp: String? = nil) -> ValidatedQuery {
        ValidatedQuery(id: id, query: MetricQuery(metric: metric, dimensions: DimensionFilter(emailIdentity: identity, configurationSet: nil, isp: isp), startDate: 0, endDate: 86_400))
    }

    private func scope(_ key: String, region: String = "us-east-1") -> SigV4Scope {
        SigV4Scope(credential: "\(key)/20261101/\(region)/ses/aws4_request")!
    }

    private func injector(_ json: String) throws -> FaultInjector {
        FaultInjector(startup: try FaultConfiguration(jsonBytes: Array(json.utf8), catalog: .builtIn))
    }

    @Test func queryFault_matchesOnlyItsAccessKey() throws {
        let faults = try injector(#"{"queryFaults":[{"code":"ACCESS_DENIED","match":{"accessKeyId":"AKIDRO"}}]}"#)
        #expect((faults.queryFaults([query("a")], scope: scope("AKIDRO")).first??.code) == "ACCESS_DENIED")
        #expect(faults.queryFaults([query("a")], scope: scope("AKIDRW")).first! == nil)
        #expect(faults.queryFaults([query("a")], scope: nil).first! == nil, "unsigned requests have no key")
    }

    @Test func dimensionMatch_includesQueriesThatDoNotFilterIt() throws {
        let faults = try injector(#"{"queryFaults":[{"code":"INTERNAL_FAILURE","match":{"emailIdentity":"blocked.example"}}]}"#)
        let outcomes = faults.queryFaults([query("all"), query("blocked", identity: "blocked.example"), query("other", identity: "ok.example")], scope: nil)
        #expect(outcomes[0] != nil, "a query over every identity reads the blocked one too")
        #expect(outcomes[1] != nil)
        #expect(outcomes[2] == nil)
    }

    @Test func metricAndQueryIdMatch() throws {
        let faults = try injector(#"{"queryFaults":[{"code":"INTERNAL_FAILURE","match":{"metric":"OPEN","queryId":"o*"}}]}"#)
        let outcomes = faults.queryFaults([query("o1", .OPEN), query("o2", .SEND), query("x", .OPEN)], scope: nil)
        #expect(outcomes[0] != nil)
        #expect(outcomes[1] == nil)
        #expect(outcomes[2] == nil)
    }

    @Test func limit_stopsRuleAfterItFired() throws {
        let faults = try injector(#"{"queryFaults":[{"code":"INTERNAL_FAILURE","limit":2}]}"#)
        let outcomes = faults.queryFaults([query("a"), query("b"), query("c")], scope: nil)
        #expect((outcomes.map { $0 != nil }) == [true, true, false])
        faults.resetInMemory()
        #expect(faults.queryFaults([query("a")], scope: nil)[0] != nil, "reset zeroes the counters")
    }

    @Test func firstMatchingRuleWins() throws {
        let faults = try injector(#"{"queryFaults":[{"code":"ACCESS_DENIED","message":"first"},{"code":"INTERNAL_FAILURE"}]}"#)
        #expect(faults.queryFaults([query("a")], scope: nil)[0]?.message == "first")
    }

    @Test func seededProbability_isReproducible() throws {
        let json = #"{"seed":42,"queryFaults":[{"code":"INTERNAL_FAILURE","probability":0.5}]}"#
        let queries = (0..<64).map { query("q\($0)") }
        let first = try injector(json).queryFaults(queries, scope: nil).map { $0 != nil }
        let second = try injector(json).queryFaults(queries, scope: nil).map { $0 != nil }
        #expect(first == second)
        #expect(first.contains(true) && first.contains(false), "p = 0.5 over 64 draws fires some and not all")
        let other = try injector(#"{"seed":43,"queryFaults":[{"code":"INTERNAL_FAILURE","probability":0.5}]}"#).queryFaults(queries, scope: nil).map { $0 != nil }
        #expect(first != other, "another seed, another sequence")
    }

    @Test func requestFault_matchesServiceOperationKeyAndRegion() throws {
        let faults = try injector(#"{"requestFaults":[{"service":"sesv2","operation":"BatchGetMetricData","match":{"accessKeyId":"AKIDFLAKY","region":"eu-west-1"},"error":{"statusCode":429,"code":"TooManyRequestsException"}}]}"#)
        #expect(faults.requestFault(operation: "BatchGetMetricData", scope: scope("AKIDFLAKY", region: "eu-west-1")) == .tooManyRequests)
        #expect(faults.requestFault(operation: "BatchGetMetricData", scope: scope("AKIDFLAKY")) == nil)
        #expect(faults.requestFault(operation: "SendEmail", scope: scope("AKIDFLAKY", region: "eu-west-1")) == nil)
        let otherService = try injector(#"{"requestFaults":[{"service":"s3"}]}"#)
        #expect(otherService.requestFault(operation: "BatchGetMetricData", scope: nil) == nil, "kept, listed, never matching")
        #expect(otherService.configuration.requestFaults.count == 1)
    }

    @Test func rateLimiter_takesNothingWhenRefused() {
        let limiter = RateLimiter(limit: RateLimit(callsPerSecond: 2, queriesPerSecond: 10))
        #expect(limiter.admit(accessKeyID: "a", queries: 6))
        #expect(!limiter.admit(accessKeyID: "a", queries: 6), "queries bucket short")
        #expect(limiter.admit(accessKeyID: "a", queries: 4), "the refused call took no tokens")
        #expect(!limiter.admit(accessKeyID: "a", queries: 0), "calls bucket empty")
        #expect(limiter.admit(accessKeyID: "b", queries: 10), "buckets are per access key")
        limiter.clear()
        #expect(limiter.admit(accessKeyID: "a", queries: 10))
    }

    @Test func rateLimitOption_parses() {
        #expect(RateLimit.parse("off") == .some(nil))
        #expect(RateLimit.parse("16:160") == .some(.aws))
        #expect(RateLimit.parse("16") == nil)
        #expect(RateLimit.parse("0:5") == nil)
        #expect(RateLimit.parse("a:b") == nil)
    }
}
