import Foundation
import Testing
@testable import SESv2

/// The control API in process: what a test uses to decide the data and the failures.
@Suite struct ControlAPITests {
    static func json(_ response: TestResponse) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(response.body))
    }

    @Test func events_areIngested_counted_andDeleted() async throws {
        let client = try SESTestClient(.router)
        let line = #"{"type":"SEND","timestamp":"2026-11-01T10:00:00Z","emailIdentity":"a.example","isp":"Gmail"}"#
        let ingest = try await client.send("POST", "/_emulator/events", headers: [("Content-Type", "application/x-ndjson")],
                                           body: line + "\n" + line + "\n")
        #expect(ingest.status == 200)
        #expect(try Self.json(ingest) as? [String: Int] == ["accepted": 2, "duplicates": 0])
        let health = try Self.json(try await client.send("GET", "/_emulator/health")) as? [String: Any]
        #expect(health?["events"] as? Int == 2)
        #expect(try Self.json(try await client.send("DELETE", "/_emulator/events")) as? [String: Int] == ["deleted": 2])
    }

    @Test func aBadEventBatch_is400_namingTheLine_andStoresNothing() async throws {
        let client = try SESTestClient(.router)
        let good = #"{"type":"SEND","timestamp":"2026-11-01T10:00:00Z","emailIdentity":"a.example","isp":"Gmail"}"#
        let response = try await client.send("POST", "/_emulator/events", headers: [("Content-Type", "application/x-ndjson")],
                                             body: good + "\n" + #"{"type":"NOPE"}"# + "\n")
        #expect(response.status == 400)
        #expect(response.text.contains("line 2"))
        #expect(try client.store.eventCount() == 0)
    }

    @Test func faults_roundTrip_andABadDocumentChangesNothing() async throws {
        let client = try SESTestClient(.router)
        let document = #"{"seed":3,"queryFaults":[{"code":"INTERNAL_FAILURE","match":{"metric":"OPEN"}}]}"#
        #expect(try await client.send("PUT", "/_emulator/faults", headers: [("Content-Type", "application/json")], body: document).status == 200)
        let bad = try await client.send("PUT", "/_emulator/faults", headers: [("Content-Type", "application/json")],
                                        body: #"{"queryFaults":[{"code":"THROTTLED"}]}"#)
        #expect(bad.status == 400)
        #expect(bad.text.contains("queryFaults[0].code must be one of"))
        let now = try Self.json(try await client.send("GET", "/_emulator/faults")) as? [String: Any]
        #expect(now?["seed"] as? Int == 3)
        #expect((now?["queryFaults"] as? [Any])?.count == 1)
    }

    @Test func chaosEffects_setTheLatency() async throws {
        let client = try SESTestClient(.router)
        let set = try await client.send("POST", "/_localstack/chaos/effects", headers: [("Content-Type", "application/json")],
                                        body: #"{"latency":25}"#)
        #expect(try Self.json(set) as? [String: Int] == ["latency": 25])
        #expect(client.service.faults.latencyMs == 25)
    }

    @Test func unknownPaths_are404_inAWSsShape() async throws {
        let client = try SESTestClient(.router)
        let response = try await client.send("GET", "/_emulator/nothing")
        #expect(response.status == 404)
        #expect(response.errorType == "NotFoundException")
    }
}
