import Foundation
import MetricsStore
@testable import SESDomain
@testable import SESOperations
@testable import SESService
@testable import SESWire
import Testing

/// The identity, configuration set, template and send operations through the pipeline, in
/// process and over a live loopback server.
@Suite struct SendingOperationsTests {
    static let json = [("Content-Type", "application/json")]

    static func post(_ client: SESTestClient, _ path: String, _ body: String) async throws -> TestResponse {
        try await client.send("POST", path, headers: json, body: body)
    }

    static let simple = #""Content":{"Simple":{"Subject":{"Data":"s"},"Body":{"Text":{"Data":"t"}}}}"#

    @Test(arguments: Transport.allCases)
    func aSend_fromACreatedIdentity_storesItsMessageAndEvents(_ transport: Transport) async throws {
        let client = try SESTestClient(transport)
        #expect(try await Self.post(client, "/v2/email/identities", #"{"EmailIdentity":"x.test"}"#).status == 200)
        let sent = try await Self.post(client, "/v2/email/outbound-emails",
                                       #"{"FromEmailAddress":"a@x.test","Destination":{"ToAddresses":["b@hotmail.com"]},\#(Self.simple)}"#)
        #expect(sent.status == 200)
        let id = try #require(try PipelineTests.json(sent)["MessageId"] as? String)
        let events = try client.store.events(EventFilter(messageId: id), after: nil, limit: 10).events
        #expect(events.map(\.type) == [.SEND, .DELIVERY])
        #expect(events.allSatisfy { $0.emailIdentity == "x.test" && $0.isp == "Hotmail" && $0.configurationSet == nil })
        #expect(try client.store.messages(messageId: id).count == 1)
        #expect(try client.store.sentRecipients(fromMillis: 0, toMillis: Int64.max) == 1)
    }

    @Test(arguments: [
        (#"{"FromEmailAddress":"a@x.test","Destination":{"ToAddresses":["b@c.d"]},"Content":{}}"#,
         "BadRequestException", "Exactly one of Content.Simple, Content.Raw and Content.Template must be given."),
        (#"{"FromEmailAddress":"a@x.test","Destination":{"ToAddresses":["b@c.d"]},"Content":{"Raw":{"Data":"%%%"}}}"#,
         "SerializationException", "Content.Raw.Data: the blob is not valid base64."),
        (#"{"Destination":{"ToAddresses":["b@c.d"]},"Content":{"Raw":{"Data":"U3ViamVjdDogeA0KDQp4"}}}"#,
         "BadRequestException", "Missing required header 'From'."),
        (#"{"Destination":{"ToAddresses":["b@c.d"]},"Content":{"Simple":{"Subject":{"Data":"s"},"Body":{}}}}"#,
         "BadRequestException", "FromEmailAddress is required for Simple and Template content."),
        (#"{"FromEmailAddress":"a@x.test","Destination":{"ToAddresses":["b@c.d"]},"Content":{"Simple":{"Body":{}}}}"#,
         "BadRequestException", "1 validation error detected: Value at 'content.simple.subject' failed to satisfy constraint: Member must not be null"),
        (#"{"FromEmailAddress":"a@x.test","Destination":{"ToAddresses":["b@c.d"]},"Content":{"Template":{"TemplateData":"{}"}}}"#,
         "BadRequestException", "The template must be named (TemplateName or TemplateArn) or given inline (TemplateContent)."),
        (#"{"FromEmailAddress":"a@x.test","Destination":{"ToAddresses":["b@c.d"]},"TenantName":"a b",\#(simple)}"#,
         "BadRequestException", "Invalid tenant name a b: only alphanumeric ASCII characters, '_', and '-' are allowed."),
    ])
    func malformedSends_areRefusedBeforeAnythingIsStored(_ body: String, _ code: String, _ message: String) async throws {
        let client = try SESTestClient(.router)
        _ = try await Self.post(client, "/v2/email/identities", #"{"EmailIdentity":"x.test"}"#)
        let response = try await Self.post(client, "/v2/email/outbound-emails", body)
        #expect(response.status == 400)
        #expect(response.errorType == code)
        #expect(try PipelineTests.json(response)["message"] as? String == message)
        #expect(try client.store.eventCount() == 0)
    }

    @Test func bulkEmail_refusesMoreThanFiftyEntries_andNeedsATemplate() async throws {
        let client = try SESTestClient(.router)
        let entries = Array(repeating: #"{"Destination":{"ToAddresses":["a@b.c"]}}"#, count: 51).joined(separator: ",")
        let tooMany = try await Self.post(client, "/v2/email/outbound-bulk-emails", #"""
            {"FromEmailAddress":"a@x.test","DefaultContent":{"Template":{"TemplateName":"t"}},"BulkEmailEntries":[\#(entries)]}
            """#)
        #expect(try PipelineTests.json(tooMany)["message"] as? String == "BulkEmailEntries must have between 1 and 50 entries, not 51.")
        let noTemplate = try await Self.post(client, "/v2/email/outbound-bulk-emails",
                                             #"{"FromEmailAddress":"a@x.test","DefaultContent":{},"BulkEmailEntries":[]}"#)
        #expect(noTemplate.status == 400)
    }

    @Test func identitiesAreCaseInsensitive_configurationSetsAndTemplatesAreNot() async throws {
        let client = try SESTestClient(.router)
        #expect(try await Self.post(client, "/v2/email/identities", #"{"EmailIdentity":"Mixed.Example"}"#).status == 200)
        let again = try await Self.post(client, "/v2/email/identities", #"{"EmailIdentity":"mixed.example"}"#)
        #expect(again.errorType == "AlreadyExistsException")
        #expect(try await client.send("GET", "/v2/email/identities/MIXED.example").status == 200)
        #expect(try await Self.post(client, "/v2/email/configuration-sets", #"{"ConfigurationSetName":"Cs"}"#).status == 200)
        #expect(try await Self.post(client, "/v2/email/configuration-sets", #"{"ConfigurationSetName":"cs"}"#).status == 200)
        let list = try PipelineTests.json(try await client.send("GET", "/v2/email/configuration-sets"))
        #expect(list["ConfigurationSets"] as? [String] == ["Cs", "cs"])
        for bad in ["", "a b", "*", "a@b@c", "x.", "<a@b>"] {
            let response = try await Self.post(client, "/v2/email/identities", #"{"EmailIdentity":"\#(bad)"}"#)
            #expect(response.status == 400, "\(bad)")
        }
        let page = try await client.send("GET", "/v2/email/identities?PageSize=0")
        #expect(page.status == 200, "0 means the default page size")
        #expect(try await client.send("GET", "/v2/email/templates?PageSize=11").status == 400)
        #expect(try await client.send("GET", "/v2/email/identities?PageSize=x").status == 400)
    }

    /// botocore 1.44 lists with `POST` and a JSON body; 1.43 and the aws CLI v1 with `GET`: both
    /// answer from the same state, and only the `POST` routes read a `Filter`.
    @Test(arguments: Transport.allCases)
    func listRoutesOfBothSDKGenerations_answerTheSame_andFilter(_ transport: Transport) async throws {
        let client = try SESTestClient(transport)
        for name in ["b.test", "a@b.test", "other.example"] {
            #expect(try await Self.post(client, "/v2/email/identities", #"{"EmailIdentity":"\#(name)"}"#).status == 200)
        }
        for name in ["marketing-eu", "Marketing-us", "billing"] {
            #expect(try await Self.post(client, "/v2/email/configuration-sets", #"{"ConfigurationSetName":"\#(name)"}"#).status == 200)
        }
        func names(_ response: TestResponse, _ list: String, _ member: String? = nil) throws -> [String] {
            #expect(response.status == 200)
            let items = try PipelineTests.json(response)[list] as? [Any] ?? []
            return items.compactMap { member == nil ? $0 as? String : ($0 as? [String: Any])?[member!] as? String }
        }
        let old = try names(try await client.send("GET", "/v2/email/identities"), "EmailIdentities", "IdentityName")
        let new = try names(try await Self.post(client, "/v2/email/list-identities", ""), "EmailIdentities", "IdentityName")
        #expect(old == ["a@b.test", "b.test", "other.example"] && new == old)
        let byName = try await Self.post(client, "/v2/email/list-identities", #"{"Filter":{"IDENTITY_NAME_CONTAINS":"B.TEST"}}"#)
        #expect(try names(byName, "EmailIdentities", "IdentityName") == ["a@b.test", "b.test"])
        let domains = try await Self.post(client, "/v2/email/list-identities",
                                          #"{"Filter":{"IDENTITY_TYPE":"DOMAIN","IDENTITY_NAME_CONTAINS":"test"}}"#)
        #expect(try names(domains, "EmailIdentities", "IdentityName") == ["b.test"])
        let pending = try await Self.post(client, "/v2/email/list-identities", #"{"Filter":{"VERIFICATION_STATUS":"PENDING"}}"#)
        #expect(try names(pending, "EmailIdentities", "IdentityName") == [])
        let firstPage = try PipelineTests.json(try await Self.post(client, "/v2/email/list-identities", #"{"PageSize":2}"#))
        let token = try #require(firstPage["NextToken"] as? String)
        let rest = try await Self.post(client, "/v2/email/list-identities", #"{"PageSize":2,"NextToken":"\#(token)"}"#)
        #expect(try names(rest, "EmailIdentities", "IdentityName") == ["other.example"])

        let sets = try names(try await Self.post(client, "/v2/email/list-configuration-sets", "{}"), "ConfigurationSets")
        #expect(sets == ["Marketing-us", "billing", "marketing-eu"])
        #expect(try names(try await client.send("GET", "/v2/email/configuration-sets"), "ConfigurationSets") == sets)
        let marketing = try await Self.post(client, "/v2/email/list-configuration-sets",
                                            #"{"Filter":{"CONFIGURATION_SET_NAME_CONTAINS":"marketing"}}"#)
        #expect(try names(marketing, "ConfigurationSets") == ["Marketing-us", "marketing-eu"])

        let badKey = try await Self.post(client, "/v2/email/list-configuration-sets", #"{"Filter":{"NAME":"x"}}"#)
        #expect(badKey.status == 400 && badKey.errorType == "BadRequestException")
        #expect(try PipelineTests.json(badKey)["message"] as? String == "1 validation error detected: Value at 'filter' failed to "
            + "satisfy constraint: Map keys must satisfy constraint: [Member must satisfy enum value set: [CONFIGURATION_SET_NAME_CONTAINS]]")
        let emptyValue = try await Self.post(client, "/v2/email/list-identities", #"{"Filter":{"IDENTITY_TYPE":""}}"#)
        #expect(emptyValue.status == 400)
        #expect(try await Self.post(client, "/v2/email/list-identities", #"{"PageSize":"2"}"#).status == 400)
        #expect(try await Self.post(client, "/v2/email/list-identities", #"{"PageSize":1001}"#).status == 400)
        #expect(try await client.send("GET", "/v2/email/list-identities").status == 405)
    }

    /// The template operations read, check and answer through the model: its constraints and SES's
    /// own tag limits in one message, wrong JSON types naming the member.
    @Test(arguments: Transport.allCases)
    func templateOperations_validateByTheModel(_ transport: Transport) async throws {
        let client = try SESTestClient(transport)
        let longKey = String(repeating: "k", count: 129)
        let both = try await Self.post(client, "/v2/email/templates", #"{"TemplateName":"t","Tags":[{"Key":"\#(longKey)","Value":"v"},{"Value":"x"}]}"#)
        #expect(both.errorType == "BadRequestException")
        #expect(try PipelineTests.json(both)["message"] as? String == "3 validation errors detected: "
            + "Value at 'templateContent' failed to satisfy constraint: Member must not be null; "
            + "Value at 'tags.2.member.key' failed to satisfy constraint: Member must not be null; "
            + "Value at 'tags.1.member.key' failed to satisfy constraint: Member must have length less than or equal to 128")
        let wrongType = try await Self.post(client, "/v2/email/templates", #"{"TemplateName":"t","TemplateContent":{"Subject":1}}"#)
        #expect(wrongType.errorType == "BadRequestException")
        #expect(try PipelineTests.json(wrongType)["message"] as? String == "Invalid type for TemplateContent.Subject: expected a string, got number")
        let created = try await Self.post(client, "/v2/email/templates",
                                          #"{"TemplateName":"t","TemplateContent":{"Subject":"s","Html":"<b>h</b>"},"Tags":[{"Key":"k","Value":""}],"Extra":1}"#)
        #expect(created.status == 200 && created.text == "{}")
        let got = try await client.send("GET", "/v2/email/templates/t")
        #expect(got.text == #"{"TemplateName":"t","TemplateContent":{"Subject":"s","Html":"<b>h</b>"},"Tags":[{"Key":"k","Value":""}]}"#)
        let update = try await client.send("PUT", "/v2/email/templates/t", headers: Self.json, body: #"{"TemplateContent":{"Text":"x"}}"#)
        #expect(update.status == 200)
        let updated = try await client.send("GET", "/v2/email/templates/t")
        #expect(updated.text == #"{"TemplateName":"t","TemplateContent":{"Text":"x"},"Tags":[{"Key":"k","Value":""}]}"#)
        let noContent = try await client.send("PUT", "/v2/email/templates/t", headers: Self.json, body: "{}")
        #expect(try PipelineTests.json(noContent)["message"] as? String
            == "1 validation error detected: Value at 'templateContent' failed to satisfy constraint: Member must not be null")
        #expect(try await client.send("DELETE", "/v2/email/templates/t").status == 200)
        #expect(try await client.send("DELETE", "/v2/email/templates/t").errorType == "NotFoundException")
    }
}
