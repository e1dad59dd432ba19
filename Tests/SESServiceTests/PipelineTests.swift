import Foundation
import HTTPServer
import MetricsStore
@testable import SESDomain
@testable import SESOperations
@testable import SESService
@testable import SESWire
import Support
import Testing

/// The SES pipeline's stages in AWS's order, each checked through the router in process and
/// over a live loopback server with the same test body.
@Suite struct PipelineTests {
    static let nov1: Int64 = 1_793_491_200  // 2026-11-01T00:00:00Z
    static let day: Int64 = 86_400

    static func events() -> [Event] {
        (0..<3).map { i in
            Event(type: .SEND, timestampMillis: (nov1 + Int64(i) * day + 3600) * 1000, emailIdentity: "example.com", isp: "Gmail")
        }
    }

    static func query(_ id: String, _ metric: String = "SEND", days: Int64 = 3) -> String {
        #"{"Id":"\#(id)","Namespace":"VDM","Metric":"\#(metric)","StartDate":\#(nov1),"EndDate":\#(nov1 + days * day)}"#
    }

    static func json(_ response: TestResponse) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any] ?? [:]
    }

    static func faults(_ json: String) throws -> FaultConfiguration {
        try FaultConfiguration(jsonBytes: Array(json.utf8), catalog: .builtIn)
    }

    @Test(arguments: Transport.allCases)
    func aValidBatch_answersDailySums(_ transport: Transport) async throws {
        let client = try SESTestClient(transport, events: Self.events())
        let response = try await client.batch(#"{"Queries":[\#(Self.query("q1"))]}"#)
        #expect(response.status == 200)
        #expect(response.headers["x-amzn-RequestId"]?.count == 36)
        let results = try Self.json(response)["Results"] as? [[String: Any]]
        #expect(results?.first?["Values"] as? [Int] == [1, 1, 1])
        #expect(results?.first?["Timestamps"] as? [Int] == [0, 1, 2].map { Int(Self.nov1 + $0 * Self.day) })
    }

    @Test func aCacheMiss_handsOnTheCheckedExchange_notTheRequest() async throws {
        let client = try SESTestClient(.router, events: Self.events())
        let response = try #require(await client.handedOff("POST", "/v2/email/metrics/batch", headers: [("Content-Type", "application/json")],
                                                           body: #"{"Queries":[\#(Self.query("q1"))]}"#, runWith: ("GET", "/nowhere")))
        #expect(response.status == 200)
        let results = try Self.json(response)["Results"] as? [[String: Any]]
        #expect(results?.first?["Values"] as? [Int] == [1, 1, 1])
    }

    @Test(arguments: Transport.allCases)
    func mediaType_isCheckedBeforeTheBody_415Then406(_ transport: Transport) async throws {
        let client = try SESTestClient(transport)
        let text = try await client.send("POST", "/v2/email/metrics/batch", headers: [("Content-Type", "text/plain")], body: "{nope")
        #expect(text.status == 415)
        #expect(text.errorType == "UnsupportedMediaTypeException")
        let accept = try await client.send("POST", "/v2/email/metrics/batch",
                                           headers: [("Content-Type", "application/json"), ("Accept", "text/html")], body: "{nope")
        #expect(accept.status == 406)
    }

    @Test func everyOperationOfTheModel_isEmulated_andAPathOfNone_answers501() async throws {
        let client = try SESTestClient(.router)
        for operation in ModelWire.sesv2.model.operations {
            for binding in operation.allBindings {
                // Each `{Label}` filled with a value no resource has: the operation answers (404,
                // 400 or its output), never 501.
                let path = binding.requestURI.split(separator: "/", omittingEmptySubsequences: false).map { segment in
                    segment.hasPrefix("{") ? "x" : String(segment)
                }.joined(separator: "/")
                let response = try await client.send(binding.method, path, headers: [("Content-Type", "application/json")], body: "{}")
                #expect(response.status != 501, "\(operation.name) \(binding.method) \(path): \(response.text)")
            }
        }
        let unknown = try await client.send("GET", "/v2/email/no-such-thing")
        #expect(unknown.status == 501)
        #expect(unknown.errorType == "NotImplementedException")
        #expect(unknown.text.contains("GET /v2/email/no-such-thing"))
    }

    @Test(arguments: Transport.allCases)
    func aMethodTheRouteLacks_is405WithAllow(_ transport: Transport) async throws {
        let client = try SESTestClient(transport)
        let response = try await client.send("GET", "/v2/email/metrics/batch")
        #expect(response.status == 405)
        #expect(response.headers["Allow"] == "POST")
    }

    @Test(arguments: Transport.allCases)
    func quota_refusesTheCallThatOverdrawsIt_andOnlyValidCallsTakeTokens(_ transport: Transport) async throws {
        let client = try SESTestClient(transport, settings: { $0.rateLimit = RateLimit(callsPerSecond: 1, queriesPerSecond: 1) })
        let invalid = try await client.batch(#"{"Queries":[]}"#)
        #expect(invalid.status == 400)
        #expect(try await client.batch(#"{"Queries":[\#(Self.query("a"))]}"#).status == 200)
        let refused = try await client.batch(#"{"Queries":[\#(Self.query("b"))]}"#)
        #expect(refused.status == 429)
        #expect(refused.errorType == "TooManyRequestsException")
    }

    @Test(arguments: Transport.allCases)
    func aRequestFault_replacesTheAnswer_afterValidation(_ transport: Transport) async throws {
        let faults = try Self.faults(#"{"requestFaults":[{"operation":"BatchGetMetricData","error":{"statusCode":500,"code":"InternalServiceErrorException","message":"boom"}}]}"#)
        let client = try SESTestClient(transport, faults: faults)
        #expect(try await client.batch(#"{"Queries":[]}"#).status == 400, "validation comes first")
        let failed = try await client.batch(#"{"Queries":[\#(Self.query("a"))]}"#)
        #expect(failed.status == 500)
        #expect(failed.text == #"{"message":"boom"}"#)
    }

    @Test(arguments: Transport.allCases)
    func aQueryFault_failsThatQueryOnly(_ transport: Transport) async throws {
        let faults = try Self.faults(#"{"queryFaults":[{"code":"ACCESS_DENIED","match":{"queryId":"bad*"}}]}"#)
        let client = try SESTestClient(transport, faults: faults, events: Self.events())
        let response = try await client.batch(#"{"Queries":[\#(Self.query("good")),\#(Self.query("bad1"))]}"#)
        #expect(response.status == 200)
        let body = try Self.json(response)
        #expect((body["Results"] as? [[String: Any]])?.map { $0["Id"] as? String } == ["good"])
        #expect((body["Errors"] as? [[String: Any]])?.first?["Code"] as? String == "ACCESS_DENIED")
    }

    @Test func theRequestLog_readsTheExchange_withTheErrorOfARefusal() async throws {
        let client = try SESTestClient(.router, events: Self.events())
        _ = try await client.batch(#"{"Queries":[\#(Self.query("q1", "OPEN"))]}"#)
        _ = try await client.batch(#"{"Queries":[]}"#)
        let log = try Self.json(try await client.send("GET", "/_emulator/requests"))["requests"] as? [[String: Any]] ?? []
        #expect(log.count == 2)
        #expect(log[0]["operation"] as? String == "BatchGetMetricData")
        #expect((log[0]["queries"] as? [[String: String]]) == [["id": "q1", "metric": "OPEN"]])
        #expect(log[0]["errorCode"] == nil)
        #expect(log[1]["status"] as? Int == 400)
        #expect(log[1]["errorCode"] as? String == "BadRequestException")
        #expect((log[1]["errorMessage"] as? String)?.contains("at 'queries'") == true)
    }

    @Test func latency_delaysTheAnswer_withoutChangingIt() async throws {
        let faults = try Self.faults(#"{"latencyMs":150}"#)
        let client = try SESTestClient(.router, faults: faults)
        let started = UTCCalendar.nowMillis()
        let response = try await client.batch(#"{"Queries":[\#(Self.query("a"))]}"#)
        #expect(response.status == 200)
        #expect(UTCCalendar.nowMillis() - started >= 150)
    }
}
