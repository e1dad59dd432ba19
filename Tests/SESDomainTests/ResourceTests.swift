import AWSModel
import JSON
import MetricsStore
@testable import SESDomain
@testable import SESWire
import Testing

/// Resource documents changed member by member, event destinations checked as SES checks them,
/// and resources reached by ARN for their tags.
@Suite struct ResourceTests {
    private func text(_ resource: Resource?) -> String {
        resource.map { String(decoding: JSONFragment.json(.object($0.document)).bytes, as: UTF8.self) } ?? "nil"
    }

    @Test func modify_replacesMembersInPlace_addsNewOnes_andARefusalChangesNothing() throws {
        let store = try MetricsStore(path: nil)
        let sets = ResourceCollection(store: store, kind: .configurationSet)
        try sets.create(name: "cs", members: [("A", .int(1)), ("B", .int(2))], atMillis: 7)
        try sets.modify("cs") { current in
            #expect(current.name == "cs")
            return [("B", .string("b")), ("C", .bool(true))]
        }
        #expect(text(try sets.find("cs")) == #"{"ConfigurationSetName":"cs","A":1,"B":"b","C":true}"#)
        #expect(throws: AWSError.badRequest("no")) { try sets.modify("cs") { _ throws(AWSError) in throw .badRequest("no") } }
        #expect(text(try sets.find("cs")) == #"{"ConfigurationSetName":"cs","A":1,"B":"b","C":true}"#)
        #expect(throws: AWSError.notFound("Configuration set x does not exist.")) { try sets.modify("x") { _ in [] } }
        #expect(try sets.find("cs")?.createdMillis == 7)
    }

    @Test func registryModify_createsANameKnownFromEvents_onlyForKindsThatSayHow() throws {
        let store = try MetricsStore(path: nil)
        _ = try store.ingest([Event(type: .SEND, timestampMillis: 1_000, emailIdentity: "seen.example", configurationSet: "seen-set", isp: "Gmail")])
        let sets = ResourceRegistry(store: store, kind: .configurationSet, unset: [("Tags", .array([]))]) { $0.configurationSets }
        let identities = ResourceRegistry(store: store, kind: .identity) { $0.identities }
        try sets.modify("seen-set", atMillis: 5) { _ in [("SendingOptions", .object([("SendingEnabled", .bool(false))]))] }
        #expect(text(try sets.created.find("seen-set")) == #"{"ConfigurationSetName":"seen-set","Tags":[],"SendingOptions":{"SendingEnabled":false}}"#)
        #expect(throws: AWSError.self) { try identities.modify("seen.example", atMillis: 5) { _ in [] } }
        #expect(try identities.created.find("seen.example") == nil)
        #expect(throws: AWSError.notFound("Configuration set other does not exist.")) { try sets.modify("other", atMillis: 5) { _ in [] } }
    }

    private func definition(_ json: String) throws -> ModelValue {
        let parsed = try JSONParser.parse(Array(json.utf8))
        return ModelWire.sesv2.value(.json(parsed), as: "EventDestinationDefinition")
    }

    @Test func eventDestinations_takeExactlyOneDestination_andSESsRules() throws {
        let sns = #""SnsDestination":{"TopicArn":"arn:aws:sns:us-east-1:000000000000:t"}"#
        let stored = try EventDestinations.definition(name: "d", definition(#"{"MatchingEventTypes":["SEND","OPEN","SEND"],\#(sns)}"#))
        #expect(String(decoding: stored.bytes, as: UTF8.self)
            == #"{"Name":"d","Enabled":false,"MatchingEventTypes":["SEND","OPEN"],"SnsDestination":{"TopicArn":"arn:aws:sns:us-east-1:000000000000:t"}}"#)
        let refused: [(String, String)] = [
            (#"{"MatchingEventTypes":["SEND"]}"#, "exactly one destination"),
            (#"{"MatchingEventTypes":[],\#(sns)}"#, "at least one event type"),
            (#"{"MatchingEventTypes":["SEND"],"SnsDestination":{"TopicArn":"arn:aws:sqs:us-east-1:1:q"}}"#, "ARN of sns"),
            (#"{"MatchingEventTypes":["SEND"],"EventBridgeDestination":{"EventBusArn":"arn:aws:events:us-east-1:1:event-bus/x"}}"#, "default event bus"),
            (#"{"MatchingEventTypes":["SEND"],"KinesisFirehoseDestination":{"DeliveryStreamArn":"arn:aws:firehose:r:1:deliverystream/s","IamRoleArn":"role"}}"#, "IamRoleArn"),
            (#"{"MatchingEventTypes":["SEND"],"CloudWatchDestination":{"DimensionConfigurations":[]}}"#, "at least one dimension"),
            (#"{"MatchingEventTypes":["SEND"],"CloudWatchDestination":{"DimensionConfigurations":[{"DimensionName":"a b","DimensionValueSource":"MESSAGE_TAG","DefaultDimensionValue":"x"}]}}"#, "dimension name"),
            (#"{"MatchingEventTypes":["SEND"],"CloudWatchDestination":{"DimensionConfigurations":[{"DimensionName":"From","DimensionValueSource":"EMAIL_HEADER","DefaultDimensionValue":"x"}]}}"#, "header From"),
        ]
        for (json, expected) in refused {
            do {
                _ = try EventDestinations.definition(name: "d", definition(json))
                Issue.record("accepted \(json)")
            } catch let error as AWSError {
                #expect(error.message.contains(expected), "\(json): \(error.message)")
            }
        }
        #expect(throws: AWSError.self) { try EventDestinations.definition(name: String(repeating: "a", count: 65), definition(#"{"MatchingEventTypes":["SEND"],\#(sns)}"#)) }
    }

    @Test func eventDestinations_publishOnlyWhenEnabledAndMatching() throws {
        let store = try MetricsStore(path: nil)
        let sets = ResourceCollection(store: store, kind: .configurationSet)
        let d = try EventDestinations.definition(name: "d", definition(#"{"Enabled":true,"MatchingEventTypes":["OPEN"],"PinpointDestination":{}}"#))
        let off = try EventDestinations.definition(name: "e", definition(#"{"MatchingEventTypes":["CLICK"],"PinpointDestination":{}}"#))
        try sets.create(name: "cs", members: [(EventDestinations.member, .array([d, off]))], atMillis: 0)
        let set = try sets.find("cs")
        #expect(EventDestinations.all(in: set).map(EventDestinations.name) == ["d", "e"])
        #expect(EventDestinations.publishes("OPEN", in: set) && !EventDestinations.publishes("CLICK", in: set))
        #expect(!EventDestinations.publishes("OPEN", in: nil))
    }

    @Test func taggedResources_parseSESARNs_andKeepTagsOnTheDocument() throws {
        let store = try MetricsStore(path: nil)
        let templates = ResourceCollection(store: store, kind: .template)
        try templates.create(name: "t", members: [("Tags", .array([]))], atMillis: 0)
        let tagged = ResourcesByARN(registries: [:], collections: ["template": templates])
        let arn = "arn:aws:ses:eu-west-1:123456789012:template/t"
        try tagged.retag(arn, atMillis: 0) { _ in [.object(JSONObject(members: [("Key", .string("k")), ("Value", .string("v"))]))] }
        #expect(try tagged.tags(arn).map(Tags.key) == ["k"])
        #expect(try tagged.tags("arn:aws-cn:ses:cn-north-1:123456789012:template/t").count == 1, "other partitions")
        for bad in ["", "arn:aws:sns:us-east-1:123456789012:template/t", "arn:aws:ses:us-east-1:1234:template/t",
                    "arn:aws:ses:us-east-1:123456789012:template", "template/t"] {
            #expect(throws: AWSError.self) { try tagged.tags(bad) }
        }
        #expect(throws: AWSError.notFound("Resource arn:aws:ses:us-east-1:123456789012:widget/t does not exist.")) {
            try tagged.tags("arn:aws:ses:us-east-1:123456789012:widget/t")
        }
        #expect(throws: AWSError.notFound("Template u does not exist.")) { try tagged.tags("arn:aws:ses:us-east-1:123456789012:template/u") }
        let many = (0...ResourcesByARN.limit).map { JSONValue.object(JSONObject(members: [("Key", .string("k\($0)")), ("Value", .string(""))])) }
        #expect(throws: AWSError.self) { try tagged.retag(arn, atMillis: 0) { _ in many } }
        #expect(try tagged.tags(arn).count == 1)
    }
}
