import JSON
import MetricsStore
@testable import SESDomain
@testable import SESWire
import Testing

/// The pieces a send is made of: addresses, raw messages, templates, the mailbox simulator,
/// outcome rules, message ids and the events of one message.
@Suite struct SendingTests {
    @Test func emailAddresses_takeTheAngleForm_andRefuseHalves() {
        #expect(EmailAddress("Ann <ann@Example.COM>") == EmailAddress("ann@Example.COM"))
        #expect(EmailAddress("ann@Example.COM")?.domain == "example.com")
        #expect(EmailAddress(" x@y.z ")?.address == "x@y.z")
        for bad in ["", "plain", "@y.z", "x@", "a b@c.d", "a@b@", "<>", "a@b.c, d@e.f"] { #expect(EmailAddress(bad) == nil, "\(bad)") }
    }

    @Test func rawMessages_readFoldedHeaders_andAddressListsWithQuotedCommas() {
        let raw = RawMessage(bytes: Array("""
            From: "Doe, Jane" <jane@x.test>\r
            To: a@gmail.com,\r
             "B, C" <b@yahoo.com>\r
            CC: c@x.test\r
            bcc: d@x.test\r
            Subject: Hello\r
              world\r
            \r
            To: not-a-header@x.test\r
            """.utf8))
        #expect(raw.from == "\"Doe, Jane\" <jane@x.test>")
        #expect(raw.to == ["a@gmail.com", "\"B, C\" <b@yahoo.com>"])
        #expect(raw.cc == ["c@x.test"] && raw.bcc == ["d@x.test"])
        #expect(raw.subject == "Hello world")
        #expect(RawMessage(bytes: Array("From: a@b.c".utf8)).from == "a@b.c", "a header section without its blank line")
    }

    @Test func templates_fillTags_fromTopLevelAndNestedData_emptyWhenMissing() throws {
        guard case .object(let data) = try JSONParser.parse(Array(#"{"name":"Ann","n":3,"ok":true,"a":{"b":"deep"}}"#.utf8)) else {
            Issue.record("not an object"); return
        }
        #expect(TemplateRenderer.render("Hi {{name}} ({{ n }}, {{ok}}) {{a.b}} [{{missing}}] {{unclosed", data: data)
                == "Hi Ann (3, true) deep [] {{unclosed")
        #expect(throws: AWSError.self) { try TemplateReference.parseData("[1]", member: "TemplateData") }
        #expect(throws: AWSError.self) { try TemplateReference.parseData("{", member: "TemplateData") }
        #expect(try TemplateReference.parseData(nil, member: "TemplateData").members.isEmpty)
    }

    private func render(_ template: String, _ json: String) throws -> String {
        guard case .object(let data) = try JSONParser.parse(Array(json.utf8)) else { throw AWSError.badRequest("not an object") }
        return TemplateRenderer.render(template, data: data)
    }

    @Test(arguments: [
        ("{{#if vip}}Dear VIP{{else}}Hello{{/if}} {{name}}", #"{"vip":true,"name":"Ann"}"#, "Dear VIP Ann"),
        ("{{#if vip}}Dear VIP{{else}}Hello{{/if}}", #"{"vip":0}"#, "Hello"),
        ("{{#unless paid}}Please pay{{/unless}}", #"{"paid":false}"#, "Please pay"),
        ("{{#unless paid}}Please pay{{else}}Thanks{{/unless}}", #"{"paid":"yes"}"#, "Thanks"),
        ("{{#each items}}[{{@index}}:{{name}} x{{qty}}]{{/each}}", #"{"items":[{"name":"a","qty":1},{"name":"b","qty":2}]}"#, "[0:a x1][1:b x2]"),
        ("{{#each tags}}{{this}}{{#unless @last}}, {{/unless}}{{/each}}", #"{"tags":["x","y","z"]}"#, "x, y, z"),
        ("{{#each items}}{{name}} for {{../customer}};{{/each}}", #"{"customer":"Ann","items":[{"name":"a"}]}"#, "a for Ann;"),
        ("{{#each items}}{{customer}}{{/each}}", #"{"customer":"Ann","items":[{}]}"#, "Ann"),
        ("{{#each none}}x{{else}}empty{{/each}}", #"{"none":[]}"#, "empty"),
        ("{{#each prices}}{{@key}}={{this}} {{/each}}", #"{"prices":{"a":1,"b":2}}"#, "a=1 b=2 "),
        ("{{#with address}}{{city}}, {{zip}}{{/with}}", #"{"address":{"city":"Oslo","zip":"0150"}}"#, "Oslo, 0150"),
        ("{{user.profile.first}} {{list.1}}", #"{"user":{"profile":{"first":"Ann"}},"list":["a","b"]}"#, "Ann b"),
        ("{{{html}}} and {{html}}", #"{"html":"<b>x</b>"}"#, "<b>x</b> and <b>x</b>"),
        (##"{{#* inline "sig"}}-- {{team}}{{/inline}}Hi{{> sig}}"##, #"{"team":"Ops"}"#, "Hi-- Ops"),
        ("a{{! a comment }}b{{!-- with }} inside --}}c", "{}", "abc"),
        ("{{#if a}}{{#if b}}both{{else}}a only{{/if}}{{/if}}", #"{"a":1,"b":null}"#, "a only"),
        ("{{#if open}}never closed", #"{"open":true}"#, "{{#if open}}never closed"),
        ("stray {{/if}} {{name}}", #"{"name":"x"}"#, "stray {{/if}} {{name}}"),
    ])
    func templates_renderTheHandlebarsSESDocuments(_ template: String, _ data: String, _ expected: String) throws {
        #expect(try render(template, data) == expected)
    }

    @Test func templateProblems_areNamed() {
        #expect(TemplateRenderer.problem(in: "{{#if x}}") == "{{#if}} is not closed")
        #expect(TemplateRenderer.problem(in: "{{/each}}")?.contains("closes no") == true)
        #expect(TemplateRenderer.problem(in: "{{#loop x}}{{/loop}}")?.contains("not a block") == true)
        #expect(TemplateRenderer.problem(in: "{{#each a}}{{else}}{{/each}} {{x}}") == nil)
    }

    @Test func mailboxSimulator_scriptsItsAddresses_withLabels_andNothingElse() {
        func script(_ s: String) -> MailboxSimulator.Script? { MailboxSimulator.script(for: EmailAddress(s)!) }
        #expect(script("success@simulator.amazonses.com")?.outcome == .DELIVERY)
        #expect(script("ooto+x@simulator.amazonses.com")?.outcome == .DELIVERY)
        #expect(script("Bounce+label@Simulator.AmazonSES.com")?.outcome == .PERMANENT_BOUNCE)
        #expect(script("complaint@simulator.amazonses.com")?.outcome == .COMPLAINT)
        #expect(script("suppressionlist@simulator.amazonses.com") == .init(outcome: .PERMANENT_BOUNCE, suppressionList: true))
        #expect(script("other@simulator.amazonses.com") == nil && script("success@gmail.com") == nil)
    }

    @Test func messageIds_haveSESsShape_andGrowWithTime() {
        let a = MessageID.make(epochMillis: 1_000), b = MessageID.make(epochMillis: 2_000)
        #expect(a.count == 60 && a.hasSuffix("-000000") && a.hasPrefix("0100"))
        #expect(a.split(separator: "-").map(\.count) == [16, 8, 4, 4, 4, 12, 6])
        #expect(a < b && a != MessageID.make(epochMillis: 1_000))
    }

    @Test func outcomeRules_firstMatchThatFires_decides_andASeedRepeats() throws {
        let config = try OutcomeConfiguration(jsonBytes: Array("""
            {"seed": 9, "rules": [
              {"match": {"recipient": "*@Bounce.test"}, "outcome": "PERMANENT_BOUNCE"},
              {"match": {"isp": "Yahoo", "configurationSet": "cs"}, "outcome": "CLICK"},
              {"match": {"emailIdentity": "x.com"}, "outcome": "OPEN", "probability": 0.5}
            ]}
            """.utf8))
        #expect(try OutcomeConfiguration(jsonBytes: config.jsonBytes) == config)
        let rules = OutcomeRules(startup: config)
        #expect(rules.outcome(recipient: "A@bounce.TEST", emailIdentity: "y.com", configurationSet: nil, isp: "Other") == .PERMANENT_BOUNCE)
        #expect(rules.outcome(recipient: "a@yahoo.com", emailIdentity: "y.com", configurationSet: "cs", isp: "Yahoo") == .CLICK)
        #expect(rules.outcome(recipient: "a@yahoo.com", emailIdentity: "y.com", configurationSet: nil, isp: "Yahoo") == .DELIVERY)
        let draws = (0..<40).map { _ in rules.outcome(recipient: "a@b.c", emailIdentity: "X.com", configurationSet: nil, isp: "Other") }
        rules.replace(config)
        #expect((0..<40).map { _ in rules.outcome(recipient: "a@b.c", emailIdentity: "x.com", configurationSet: nil, isp: "Other") } == draws)
        #expect(Set(draws) == [.OPEN, .DELIVERY])
    }

    @Test(arguments: [
        (#"{"rules":[{"outcome":"LOST"}]}"#, "rules[0].outcome must be one of DELIVERY"),
        (#"{"rules":[{}]}"#, "rules[0].outcome is required"),
        (#"{"rules":[{"outcome":"OPEN","probability":1.5}]}"#, "probability must be between 0 and 1"),
        (#"{"rules":[{"outcome":"OPEN","match":{"to":"x"}}]}"#, "unknown field rules[0].match.to"),
        (#"{"rule":[]}"#, "unknown field rule"),
        (#"[]"#, "the document must be an object"),
    ])
    func malformedOutcomeRules_areRefused(_ json: String, _ message: String) {
        #expect(throws: OutcomeConfigurationError.self) { try OutcomeConfiguration(jsonBytes: Array(json.utf8)) }
        do { _ = try OutcomeConfiguration(jsonBytes: Array(json.utf8)) } catch { #expect(error.description.contains(message), "\(error)") }
    }

    @Test func oneMessage_becomesItsSend_thenTheOutcomesEvents_onTheSameClock() {
        let context = SendContext(identity: "x.com", configurationSet: "cs", tenant: "acme", opensTracked: true, clicksTracked: true,
                                  suppressedReasons: [], region: "us-east-1")
        let events = MessageEvents.make(messageId: "m", sentMillis: 1_000_000, context: context, isp: "Gmail", recipientCount: 1,
                                        outcome: .CLICK, simulator: nil)
        #expect(events.map(\.type) == [.SEND, .DELIVERY, .OPEN, .CLICK])
        #expect(events.map(\.eventId) == ["m-0", "m-1", "m-2", "m-3"])
        #expect(events.map(\.timestampMillis) == [1_000_000, 1_002_000, 1_006_000, 1_008_000])
        #expect(events.map(\.openTracking) == [false, true, false, false])
        #expect(events.allSatisfy { $0.tenantName == "acme" && $0.configurationSet == "cs" && !$0.mailboxSimulator })
        let bounced = MessageEvents.make(messageId: "s", sentMillis: 0, context: context, isp: "Other", recipientCount: 3,
                                         outcome: .PERMANENT_BOUNCE, simulator: .init(outcome: .PERMANENT_BOUNCE, suppressionList: true))
        #expect(bounced.map(\.suppressionList) == [false, true])
        #expect(bounced.allSatisfy { $0.mailboxSimulator && $0.recipientCount == 3 && $0.isExcludedFromAllMetrics })
    }

    @Test func untrackedOpensAndClicks_areNotRecorded_andAListedRecipientBouncesByTheList() {
        let context = SendContext(identity: "x.com", configurationSet: nil, tenant: nil, opensTracked: false, clicksTracked: true,
                                  suppressedReasons: [], region: "us-east-1")
        let events = MessageEvents.make(messageId: "m", sentMillis: 0, context: context, isp: "Gmail", recipientCount: 1,
                                        outcome: .CLICK, simulator: nil)
        #expect(events.map(\.type) == [.SEND, .DELIVERY, .CLICK])
        #expect(events.map(\.eventId) == ["m-0", "m-1", "m-2"])
        #expect((events[1].openTracking, events[1].clickTracking) == (false, true))
        let listed = MessageEvents.make(messageId: "l", sentMillis: 0, context: context, isp: "Gmail", recipientCount: 1,
                                        outcome: .PERMANENT_BOUNCE, simulator: nil, suppressed: true)
        #expect(listed.map(\.type) == [.SEND, .PERMANENT_BOUNCE] && listed.map(\.suppressionList) == [false, true])
        #expect(!listed[0].mailboxSimulator, "a listed recipient's send still counts")
    }

    @Test func suppressionReasons_comeFromTheSetWhenItGivesThem_elseTheAccount() throws {
        let store = try MetricsStore(path: nil)
        let sets = ResourceCollection(store: store, kind: .configurationSet)
        try sets.create(name: "none", members: [("SuppressionOptions", .object([("SuppressedReasons", .array([]))]))], atMillis: 0)
        try sets.create(name: "bounce", members: [("SuppressionOptions", .object([("SuppressedReasons", .array([.string("BOUNCE")]))]))], atMillis: 0)
        try sets.create(name: "plain", members: [], atMillis: 0)
        var account = AccountSettings()
        account.suppression.suppressedReasons = ["COMPLAINT"]
        #expect(SuppressionList.reasons(set: try sets.find("none"), account: account) == [])
        #expect(SuppressionList.reasons(set: try sets.find("bounce"), account: account) == ["BOUNCE"])
        #expect(SuppressionList.reasons(set: try sets.find("plain"), account: account) == ["COMPLAINT"])
        #expect(SuppressionList.reasons(set: nil, account: account) == ["COMPLAINT"])
        let put = SuppressionList.put("Ann@X.com", reason: "BOUNCE", atMillis: 1_500, messageId: "m", feedbackId: "f")
        #expect(put.resource.key == "ann@x.com" && put.resource.document
            == #"{"EmailAddress":"Ann@X.com","Reason":"BOUNCE","LastUpdateTime":1.5,"Attributes":{"MessageId":"m","FeedbackId":"f"}}"#)
    }
}
