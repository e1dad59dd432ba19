import Foundation
import HTTPServer
import MetricsStore
@testable import SESDomain
@testable import SESOperations
@testable import SESService
@testable import SESWire
import Testing

/// BatchGetMetricData asked again with nothing committed since: answered on the event loop from
/// the remembered answer, with every stage that follows validation still applied.
@Suite struct AnswerCacheTests {
    static let body = #"{"Queries":[\#(PipelineTests.query("q1"))]}"#

    static func values(_ response: TestResponse?) throws -> [Int]? {
        let results = try PipelineTests.json(try #require(response))["Results"] as? [[String: Any]]
        return results?.first?["Values"] as? [Int]
    }

    @Test func aBatchAskedAgain_isAnsweredOnTheLoop_untilSomethingCommits() async throws {
        let client = try SESTestClient(.router, events: PipelineTests.events())
        #expect(client.batchOnLoop(Self.body) == nil, "nothing remembered yet: a handler thread reads the store")
        let first = try await client.batch(Self.body)
        #expect(try Self.values(first) == [1, 1, 1])
        let again = try #require(client.batchOnLoop(Self.body))
        #expect(again.status == 200)
        #expect(again.body == first.body)
        #expect(again.headers["x-amzn-RequestId"] != first.headers["x-amzn-RequestId"])
        #expect(client.batchOnLoop(Self.body.replacingOccurrences(of: "q1", with: "q2")) == nil, "another body")

        _ = try client.store.ingest([Event(type: .SEND, timestampMillis: (PipelineTests.nov1 + 7200) * 1000,
                                           emailIdentity: "example.com", isp: "Gmail")])
        #expect(client.batchOnLoop(Self.body) == nil, "a commit makes the remembered answer stale")
        #expect(try Self.values(try await client.batch(Self.body)) == [2, 1, 1])
        #expect(try Self.values(client.batchOnLoop(Self.body)) == [2, 1, 1])
    }

    @Test func anAnswerRemembered_afterAWriteFromAnotherConnection_isNotGiven() async throws {
        let client = try SESTestClient(.router, events: PipelineTests.events())
        _ = try await client.batch(Self.body)
        #expect(client.batchOnLoop(Self.body) != nil)
        let other = try MetricsStore(path: client.store.path)  // as `ingest` in another process
        defer { other.close() }
        _ = try other.ingest([Event(type: .SEND, timestampMillis: (PipelineTests.nov1 + 7200) * 1000,
                                    emailIdentity: "example.com", isp: "Gmail")])
        #expect(client.batchOnLoop(Self.body) == nil)
        #expect(try Self.values(try await client.batch(Self.body)) == [2, 1, 1])
    }

    @Test func queryFaults_latency_andInvalidBodies_goToAHandlerThreadOrFailAsBefore() async throws {
        let client = try SESTestClient(.router, events: PipelineTests.events())
        _ = try await client.batch(Self.body)
        client.service.faults.replace(try PipelineTests.faults(#"{"queryFaults":[{"code":"ACCESS_DENIED","match":{"queryId":"q1"}}]}"#))
        #expect(client.batchOnLoop(Self.body) == nil, "a query fault may fire: the handler decides")
        let faulted = try await client.batch(Self.body)
        #expect((try PipelineTests.json(faulted)["Errors"] as? [[String: Any]])?.first?["Code"] as? String == "ACCESS_DENIED")
        client.service.faults.replace(try PipelineTests.faults(#"{"latencyMs":50}"#))
        #expect(client.batchOnLoop(Self.body) == nil, "latency is served off the loop")
        client.service.faults.replace(FaultConfiguration())
        #expect(client.batchOnLoop(Self.body) != nil)
        #expect(client.batchOnLoop(#"{"Queries":[]}"#) == nil, "never remembered: validated on a handler thread")
    }

    @Test func requestFaults_quota_andTheVdmGate_stillApplyToARememberedAnswer() async throws {
        let client = try SESTestClient(.router, settings: { $0.rateLimit = RateLimit(callsPerSecond: 1, queriesPerSecond: 10) },
                                       events: PipelineTests.events())
        #expect(try await client.batch(Self.body).status == 200)
        let refused = try #require(client.batchOnLoop(Self.body))
        #expect(refused.status == 429, "the remembered answer still takes its tokens")
        #expect(refused.errorType == "TooManyRequestsException")

        let faulty = try SESTestClient(.router, events: PipelineTests.events())
        _ = try await faulty.batch(Self.body)
        faulty.service.faults.replace(try PipelineTests.faults(
            #"{"requestFaults":[{"operation":"BatchGetMetricData","error":{"statusCode":500,"code":"InternalServiceErrorException","message":"boom"}}]}"#))
        let failed = try #require(faulty.batchOnLoop(Self.body))
        #expect(failed.status == 500)
        #expect(failed.text == #"{"message":"boom"}"#)

        faulty.service.faults.replace(FaultConfiguration())
        _ = try await faulty.send("PUT", "/v2/email/account/vdm", headers: [("Content-Type", "application/json")],
                                  body: #"{"VdmAttributes":{"VdmEnabled":"DISABLED"}}"#)
        let gated = try #require(faulty.batchOnLoop(Self.body))
        #expect(gated.status == 404, "VDM disabled since the answer was remembered")
    }

    @Test func aRememberedAnswer_isInTheRequestLog_withItsQueries() async throws {
        let client = try SESTestClient(.router, events: PipelineTests.events())
        _ = try await client.batch(Self.body)
        let again = try #require(client.batchOnLoop(Self.body))
        let log = try PipelineTests.json(try await client.send("GET", "/_emulator/requests"))["requests"] as? [[String: Any]] ?? []
        #expect(log.count == 2)
        #expect(log.last?["requestId"] as? String == again.headers["x-amzn-RequestId"])
        #expect((log.last?["queries"] as? [[String: String]]) == [["id": "q1", "metric": "SEND"]])
        let detail = try PipelineTests.json(try await client.send("GET", "/_emulator/requests/\(again.headers["x-amzn-RequestId"]!)"))
        #expect(detail["responseBody"] as? String == again.text)
    }

    @Test func theCache_isBoundedInEntriesAndBytes() throws {
        let cache = AnswerCache(maxEntries: 2, maxBytes: 64 << 10)
        let stamp = try #require(try MetricsStore(path: nil).changeStamp)
        let input = BatchGetMetricDataInput(queries: [])
        for i in 0..<3 { cache.keep([UInt8(i)], input: input, for: [UInt8(i)], at: stamp) }
        #expect(cache.count <= 2)
        #expect(cache.answer(to: [2], at: stamp)?.1 == [2], "the newest is kept")
        cache.keep([UInt8](repeating: 1, count: 16 << 10), input: input, for: [9], at: stamp)
        #expect(cache.answer(to: [9], at: stamp) == nil, "an answer over an eighth of the budget is not kept")
    }
}
