import Foundation
import MetricsStore
@testable import SESDomain
@testable import SESOperations
@testable import SESService
@testable import SESWire
import Support
import Testing

/// GetAccount, the PutAccount* operations and the VDM gate they switch, through the router in
/// process and over a live loopback server.
@Suite struct AccountTests {
    static let json = [("Content-Type", "application/json")]

    static func getAccount(_ client: SESTestClient) async throws -> [String: Any] {
        let response = try await client.send("GET", "/v2/email/account")
        #expect(response.status == 200)
        return try PipelineTests.json(response)
    }

    static func put(_ client: SESTestClient, _ path: String, method: String = "PUT", _ body: String) async throws -> TestResponse {
        try await client.send(method, path, headers: json, body: body)
    }

    @Test(arguments: Transport.allCases)
    func getAccount_answersEveryMember_withoutDetailsUntilTheyAreSet(_ transport: Transport) async throws {
        let client = try SESTestClient(transport, settings: { $0.max24HourSend = 200; $0.maxSendRate = 3 })
        let account = try await Self.getAccount(client)
        #expect(account["SendQuota"] as? [String: Int] == ["Max24HourSend": 200, "MaxSendRate": 3, "SentLast24Hours": 0])
        #expect(account["SendingEnabled"] as? Bool == true)
        #expect(account["ProductionAccessEnabled"] as? Bool == true)
        #expect(account["DedicatedIpAutoWarmupEnabled"] as? Bool == false)
        #expect(account["EnforcementStatus"] as? String == "HEALTHY")
        #expect((account["SuppressionAttributes"] as? [String: Any])?["SuppressedReasons"] as? [String] == ["BOUNCE", "COMPLAINT"])
        let vdm = account["VdmAttributes"] as? [String: Any]
        #expect(vdm?["VdmEnabled"] as? String == "ENABLED")
        #expect(vdm?["DashboardAttributes"] as? [String: String] == ["EngagementMetrics": "ENABLED"])
        #expect(vdm?["GuardianAttributes"] as? [String: String] == ["OptimizedSharedDelivery": "DISABLED"])
        #expect(account["Details"] == nil)
    }

    @Test(arguments: Transport.allCases)
    func theVDMGate_followsPutAccountVdmAttributes_andComesBeforeTheBody(_ transport: Transport) async throws {
        let client = try SESTestClient(transport)
        let batch = #"{"Queries":[\#(PipelineTests.query("q"))]}"#
        #expect(try await client.batch(batch).status == 200)
        #expect(try await Self.put(client, "/v2/email/account/vdm", #"{"VdmAttributes":{"VdmEnabled":"DISABLED"}}"#).status == 200)
        for body in [batch, "{not json"] {
            let refused = try await client.batch(body)
            #expect(refused.status == 404)
            #expect(refused.errorType == "NotFoundException")
            #expect(refused.text == #"{"message":"To use this feature you must enable Virtual Deliverability Manager"}"#)
        }
        // Media type and method still come first.
        #expect(try await client.send("POST", "/v2/email/metrics/batch", headers: [("Content-Type", "text/plain")], body: "x").status == 415)
        let vdm = try await Self.getAccount(client)["VdmAttributes"] as? [String: Any]
        #expect(vdm?["VdmEnabled"] as? String == "DISABLED")
        #expect(vdm?["DashboardAttributes"] as? [String: String] == ["EngagementMetrics": "ENABLED"])
        #expect(try await Self.put(client, "/v2/email/account/vdm", #"{"VdmAttributes":{"VdmEnabled":"ENABLED"}}"#).status == 200)
        #expect(try await client.batch(batch).status == 200)
    }

    @Test(arguments: Transport.allCases)
    func vdmDisabledAtStart_closesTheGate(_ transport: Transport) async throws {
        let client = try SESTestClient(transport, settings: { $0.vdmEnabled = false })
        #expect(try await client.batch("").status == 404)
    }

    @Test func putAccountVdmAttributes_validatesLikeAWS() async throws {
        let client = try SESTestClient(.router)
        let cases: [(String, String)] = [
            ("{}", "1 validation error detected: Value at 'vdmAttributes' failed to satisfy constraint: Member must not be null"),
            (#"{"VdmAttributes":{}}"#,
             "1 validation error detected: Value at 'vdmAttributes.vdmEnabled' failed to satisfy constraint: Member must not be null"),
            (#"{"VdmAttributes":{"VdmEnabled":"on","GuardianAttributes":{"OptimizedSharedDelivery":"yes"}}}"#,
             "2 validation errors detected: Value at 'vdmAttributes.vdmEnabled' failed to satisfy constraint: Member must "
             + "satisfy enum value set: [ENABLED, DISABLED]; Value at 'vdmAttributes.guardianAttributes.optimizedSharedDelivery' "
             + "failed to satisfy constraint: Member must satisfy enum value set: [ENABLED, DISABLED]"),
            (#"{"VdmAttributes":{"VdmEnabled":true}}"#, "Invalid type for VdmAttributes.VdmEnabled: expected a string, got boolean"),
        ]
        for (body, message) in cases {
            let response = try await Self.put(client, "/v2/email/account/vdm", body)
            #expect(response.status == 400, "\(body)")
            #expect(response.errorType == "BadRequestException")
            #expect(try PipelineTests.json(response)["message"] as? String == message, "\(body)")
        }
        // Nothing changed.
        #expect(try await client.batch(#"{"Queries":[\#(PipelineTests.query("q"))]}"#).status == 200)
    }

    @Test(arguments: Transport.allCases)
    func sentLast24Hours_countsTheRecipientsOfRecentSends(_ transport: Transport) async throws {
        let now = UTCCalendar.nowMillis()
        func send(hoursAgo: Int64, recipients: Int64 = 1, simulator: Bool = false) -> Event {
            Event(type: .SEND, timestampMillis: now - hoursAgo * 3_600_000, emailIdentity: "a.example", isp: "Gmail",
                  recipientCount: recipients, mailboxSimulator: simulator)
        }
        let client = try SESTestClient(transport, events: [send(hoursAgo: 1, recipients: 3), send(hoursAgo: 23)])
        #expect((try await Self.getAccount(client)["SendQuota"] as? [String: Int])?["SentLast24Hours"] == 4)
        _ = try client.store.ingest([send(hoursAgo: 2), send(hoursAgo: 2, simulator: true), send(hoursAgo: 25)])
        #expect((try await Self.getAccount(client)["SendQuota"] as? [String: Int])?["SentLast24Hours"] == 5)
    }

    @Test(arguments: Transport.allCases)
    func putAccountDetailsSendingAndSuppression_showInGetAccount(_ transport: Transport) async throws {
        let client = try SESTestClient(transport)
        #expect(try await Self.put(client, "/v2/email/account/details", method: "POST", #"""
            {"MailType":"TRANSACTIONAL","WebsiteURL":"https://shop.example","ContactLanguage":"JA",
             "UseCaseDescription":"receipts","AdditionalContactEmailAddresses":["ops@shop.example"]}
            """#).status == 200)
        #expect(try await Self.put(client, "/v2/email/account/sending", #"{"SendingEnabled":false}"#).status == 200)
        #expect(try await Self.put(client, "/v2/email/account/suppression", #"""
            {"SuppressedReasons":["COMPLAINT"],"ValidationAttributes":{"ConditionThreshold":{"ConditionThresholdEnabled":"ENABLED",
             "OverallConfidenceThreshold":{"ConfidenceVerdictThreshold":"MANAGED"}}}}
            """#).status == 200)
        let account = try await Self.getAccount(client)
        let details = account["Details"] as? [String: Any]
        #expect(details?["MailType"] as? String == "TRANSACTIONAL")
        #expect(details?["WebsiteURL"] as? String == "https://shop.example")
        #expect(details?["ContactLanguage"] as? String == "JA")
        #expect(details?["UseCaseDescription"] as? String == "receipts")
        #expect(details?["AdditionalContactEmailAddresses"] as? [String] == ["ops@shop.example"])
        #expect((details?["ReviewDetails"] as? [String: String])?["Status"] == "GRANTED")
        #expect(account["SendingEnabled"] as? Bool == false)
        let suppression = account["SuppressionAttributes"] as? [String: Any]
        #expect(suppression?["SuppressedReasons"] as? [String] == ["COMPLAINT"])
        let threshold = (suppression?["ValidationAttributes"] as? [String: Any])?["ConditionThreshold"] as? [String: Any]
        #expect(threshold?["ConditionThresholdEnabled"] as? String == "ENABLED")
        #expect(threshold?["OverallConfidenceThreshold"] as? [String: String] == ["ConfidenceVerdictThreshold": "MANAGED"])
    }

    @Test func putAccountDetailsAndSuppression_validatePerTheModel() async throws {
        let client = try SESTestClient(.router)
        let details = try await Self.put(client, "/v2/email/account/details", method: "POST",
                                         #"{"MailType":"SPAM","ContactLanguage":"DE","AdditionalContactEmailAddresses":[]}"#)
        #expect(try PipelineTests.json(details)["message"] as? String == "4 validation errors detected: "
                + "Value at 'mailType' failed to satisfy constraint: Member must satisfy enum value set: [MARKETING, TRANSACTIONAL]; "
                + "Value at 'websiteURL' failed to satisfy constraint: Member must not be null; "
                + "Value at 'contactLanguage' failed to satisfy constraint: Member must satisfy enum value set: [EN, JA]; "
                + "Value at 'additionalContactEmailAddresses' failed to satisfy constraint: Member must have length greater than or equal to 1")
        let suppression = try await Self.put(client, "/v2/email/account/suppression",
                                             #"{"SuppressedReasons":["BOUNCE","SPAM"],"ValidationAttributes":{"ConditionThreshold":{}}}"#)
        #expect(try PipelineTests.json(suppression)["message"] as? String == "2 validation errors detected: "
                + "Value at 'suppressedReasons' failed to satisfy constraint: Member must satisfy constraint: "
                + "[Member must satisfy enum value set: [BOUNCE, COMPLAINT]]; Value at "
                + "'validationAttributes.conditionThreshold.conditionThresholdEnabled' failed to satisfy constraint: Member must not be null")
        #expect(try await Self.put(client, "/v2/email/account/sending", #"{"SendingEnabled":"no"}"#).status == 400)
        #expect(try await Self.getAccount(client)["Details"] == nil)
    }

    @Test func settings_areStored_andReset_returnsToTheStartupValues() async throws {
        let client = try SESTestClient(.router)
        #expect(try await Self.put(client, "/v2/email/account/vdm", #"{"VdmAttributes":{"VdmEnabled":"DISABLED"}}"#).status == 200)
        #expect(try await Self.put(client, "/v2/email/account/sending", #"{"SendingEnabled":false}"#).status == 200)
        // A new start on the same store reads them back, whatever its own default.
        let reopened = try AccountState(store: client.store, defaults: AccountSettings(vdmEnabled: true))
        #expect(reopened.vdmEnabled == false)
        #expect(reopened.settings.sendingEnabled == false)
        #expect(try await client.send("POST", "/_emulator/reset").status == 200)
        #expect(try await client.batch("{}").status == 400)   // past the gate, refused by validation
        #expect(try await Self.getAccount(client)["SendingEnabled"] as? Bool == true)
        // The startup values were the defaults, not stored ones: nothing is stored any more.
        #expect(try client.store.setting(AccountState.storeKey) == nil)
    }

    @Test func storedSettings_thatCannotBeRead_failTheStart() throws {
        let store = try MetricsStore(path: nil, catalog: .builtIn)
        try store.setSetting(AccountState.storeKey, #"{"SendingEnabled":true}"#)
        #expect(throws: AccountSettingsError.self) { try AccountState(store: store, defaults: AccountSettings()) }
    }

    @Test func storedText_roundTrips() throws {
        var settings = AccountSettings(vdmEnabled: false)
        settings.sendingEnabled = false
        settings.suppression = SuppressionAttributes(suppressedReasons: [], validation: .init(enabled: "DISABLED", confidenceVerdictThreshold: nil))
        settings.details = AccountDetails(mailType: "MARKETING", websiteURL: "https://a.example", contactLanguage: nil,
                                          useCaseDescription: nil, additionalContactEmailAddresses: ["a@b.example"], caseId: "123")
        #expect(try AccountSettings(storedText: settings.storedText) == settings)
        #expect(try AccountSettings(storedText: AccountSettings().storedText) == AccountSettings())
    }
}
