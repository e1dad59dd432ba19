import AWSModel
import Foundation
import HTTPServer
import MetricsStore
@testable import SESDomain
@testable import SESOperations
@testable import SESService
@testable import SESWire
import Testing

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

    static let send = #"{"type":"SEND","timestamp":"2026-11-01T10:00:00Z","emailIdentity":"a.example","configurationSet":"cs","isp":"Gmail"}"#

    @Test func summary_listsWhatIsLoaded() async throws {
        let client = try SESTestClient(.router)
        _ = try await client.send("POST", "/_emulator/events", headers: [("Content-Type", "application/x-ndjson")], body: Self.send + "\n")
        let summary = try await client.send("GET", "/_emulator/summary")
        #expect(summary.status == 200)
        #expect(summary.text == #"{"events":1,"countedEvents":1,"firstDay":"2026-11-01","lastDay":"2026-11-01","identities":{"a.example":1},"#
            + #""configurationSets":{"cs":1},"tenants":{},"isps":{"Gmail":1},"seedShiftDays":0,"resources":{}}"#)
    }

    @Test func reset_onANamedDatabaseWithOtherEvents_needsConfirmation() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("reset-\(UUID().uuidString).db").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let store = try MetricsStore(path: path)
        defer { store.close() }
        let seeding = Seeding(seed: nil, shiftToToday: false)
        let bare = HTTPRequest(head: try Self.head("POST", "/_emulator/reset"))
        try ResetConfirmation.check(bare, store: store, seeding: seeding)  // empty: nothing to lose
        _ = try store.ingest([Event(type: .SEND, timestampMillis: 1_793_000_000_000, emailIdentity: "a.example", isp: "Gmail")])
        #expect(throws: AWSError.self) { try ResetConfirmation.check(bare, store: store, seeding: seeding) }
        #expect(throws: AWSError.self) {
            try ResetConfirmation.check(HTTPRequest(head: try Self.head("POST", "/_emulator/reset?confirm=false")), store: store, seeding: seeding)
        }
        try ResetConfirmation.check(HTTPRequest(head: try Self.head("POST", "/_emulator/reset?confirm=true")), store: store, seeding: seeding)
        try ResetConfirmation.check(HTTPRequest(head: try Self.head("POST", "/_emulator/reset", contentType: "application/json"),
                                                body: Array(#"{"confirm":true}"#.utf8)), store: store, seeding: seeding)
    }

    @Test func reset_ofATemporaryDatabase_neverAsks() async throws {
        let client = try SESTestClient(.router)
        _ = try await client.send("POST", "/_emulator/events", headers: [("Content-Type", "application/x-ndjson")], body: Self.send + "\n")
        let reset = try await client.send("POST", "/_emulator/reset")
        #expect(try Self.json(reset) as? [String: Int] == ["deleted": 1, "seeded": 0])
    }

    @Test func chaosDelete_removesRulesHavingTheGivenFields_andNeedsABody() async throws {
        let client = try SESTestClient(.router)
        let json = [("Content-Type", "application/json")]
        _ = try await client.send("POST", "/_localstack/chaos/faults", headers: json,
                                  body: #"[{"service":"s3","probability":0.5},{"service":"sesv2"}]"#)
        let removed = try await client.send("DELETE", "/_localstack/chaos/faults", headers: json, body: #"[{"service":"s3"}]"#)
        #expect(removed.text == #"[{"service":"sesv2","probability":1}]"#)
        let empty = try await client.send("DELETE", "/_localstack/chaos/faults")
        #expect(empty.status == 400)
        #expect(empty.text.contains("JSON list of the rules to remove"))
    }

    @Test func everySESv1Action_isKnown_andAnswersAnXMLErrorNamingIt() async throws {
        let client = try SESTestClient(.router)
        let form = [("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")]
        #expect(ServiceModel.ses.operations.count == 71)
        let emulated: Set = ["GetSendQuota", "GetSendStatistics", "GetAccountSendingEnabled", "UpdateAccountSendingEnabled",
                             "VerifyEmailIdentity", "VerifyEmailAddress", "VerifyDomainIdentity", "VerifyDomainDkim", "ListIdentities",
                             "ListVerifiedEmailAddresses", "GetIdentityVerificationAttributes", "GetIdentityDkimAttributes",
                             "DeleteIdentity", "DeleteVerifiedEmailAddress", "SendEmail", "SendRawEmail", "SendTemplatedEmail",
                             "CreateTemplate", "GetTemplate", "UpdateTemplate", "DeleteTemplate", "ListTemplates", "TestRenderTemplate", "CreateConfigurationSet", "DescribeConfigurationSet", "DeleteConfigurationSet", "ListConfigurationSets", "UpdateConfigurationSetSendingEnabled", "UpdateConfigurationSetReputationMetricsEnabled"]
        for action in emulated {
            let response = try await client.send("POST", "/", headers: form, body: "Action=\(action)&Version=2010-12-01")
            #expect(response.status != 501, "\(action)")
        }
        for action in ServiceModel.ses.operations.map(\.name) where !emulated.contains(action) {
            let response = try await client.send("POST", "/", headers: form, body: "Action=\(action)&Version=2010-12-01")
            #expect(response.status == 501, "\(action)")
            #expect(response.headers["Content-Type"] == "text/xml")
            #expect(response.text.contains("<Type>Receiver</Type><Code>NotImplementedException</Code><Message>The SES v1 action \(action) "))
        }
        let escaped = try await client.send("POST", "/", headers: form, body: "Action=List%49dentityPolicies&Version=2010-12-01")
        #expect(escaped.text.contains("The SES v1 action ListIdentityPolicies "))
        let unknown = try await client.send("POST", "/", headers: form, body: "Action=SendFax&Version=2010-12-01")
        #expect(unknown.status == 400)
        #expect(unknown.text.contains("<Type>Sender</Type><Code>InvalidAction</Code><Message>The action SendFax is not valid"))
        #expect(try await client.send("POST", "/").status == 404)
    }

    @Test func errorsBeforeTheActionIsKnown_areInTheProtocolOfTheRequest() throws {
        let hooks = try SESTestClient(.router).hooks
        let tooLarge = HTTPServerError.malformedRequest(.bodyTooLarge(limit: 5))
        let v1 = hooks.renderError(tooLarge, try Self.head("POST", "/", contentType: "application/x-www-form-urlencoded"))
        #expect(v1.status.code == 413 && v1.headers["Content-Type"] == "text/xml")
        #expect(String(decoding: v1.body, as: UTF8.self).contains("<Type>Sender</Type><Code>RequestEntityTooLargeException</Code>"))
        let byGet = hooks.renderError(tooLarge, try Self.head("GET", "/?Action=GetSendQuota"))
        #expect(byGet.headers["Content-Type"] == "text/xml")
        let v2 = hooks.renderError(tooLarge, try Self.head("POST", "/v2/email/metrics/batch"))
        #expect(v2.status.code == 413 && v2.headers["Content-Type"] == "application/json")
        let noHead = hooks.renderError(tooLarge, nil)
        #expect(noHead.headers["Content-Type"] == "application/json")
    }

    @Test func bodyLimitErrors_nameTheOption() throws {
        let tooLarge = AWSError(.malformedRequest(.bodyTooLarge(limit: 5)))
        let events = BodyLimitOption.explain(tooLarge, head: try Self.head("POST", "/_emulator/events"))
        #expect(events.message.hasSuffix("raise the limit with --max-events-body-bytes (SES_EMULATOR_MAX_EVENTS_BODY_BYTES)"))
        let ses = BodyLimitOption.explain(tooLarge, head: try Self.head("POST", "/v2/email/metrics/batch"))
        #expect(ses.message.hasSuffix("raise the limit with --max-body-bytes (SES_EMULATOR_MAX_BODY_BYTES)"))
        #expect(BodyLimitOption.explain(.notFound("x"), head: nil) == .notFound("x"))
    }

    @Test func localStackInfoAndInit_haveLocalStacksShapes() async throws {
        let client = try SESTestClient(.router, settings: { $0.controlAPI = false })
        let info = try Self.json(try await client.send("GET", "/_localstack/info")) as? [String: Any]
        #expect(Set(info?.keys.map { $0 } ?? []) == ["version", "edition", "is_license_activated", "session_id", "machine_id",
                                                     "system", "is_docker", "server_time_utc", "uptime"])
        let initScripts = try await client.send("GET", "/_localstack/init")
        #expect(initScripts.text == #"{"completed":{"BOOT":true,"START":true,"READY":true,"SHUTDOWN":false},"scripts":[]}"#)
    }

    private static func head(_ method: String, _ target: String, contentType: String? = nil) throws -> HTTPRequestHead {
        var parser = RequestParser(limits: HTTPLimits())
        parser.append(Array("\(method) \(target) HTTP/1.1\r\nHost: test\r\n\(contentType.map { "Content-Type: \($0)\r\n" } ?? "")\r\n".utf8))
        guard case .head(let head, _) = try parser.next() else { throw ParseFailed() }
        return head
    }

    struct ParseFailed: Error {}
}
