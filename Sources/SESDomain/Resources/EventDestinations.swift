import AWSModel
import JSON
import MetricsStore
import SESWire

/// A configuration set's event destinations, kept in the set's document under `EventDestinations`
/// (a member GetConfigurationSet's shape lacks, so it never shows there) as the list
/// GetConfigurationSetEventDestinations answers: each `{Name, Enabled, MatchingEventTypes, <one
/// destination>}`. Deleting the set deletes them.
package enum EventDestinations {
    package static let member = "EventDestinations"
    /// SES's quota of event destinations per configuration set.
    package static let limit = 10
    /// The destination members of an EventDestinationDefinition; SES takes exactly one.
    package static let kinds = ["KinesisFirehoseDestination", "CloudWatchDestination", "SnsDestination",
                                "EventBridgeDestination", "PinpointDestination"]
    /// Headers SES refuses as CloudWatch dimension sources.
    private static let reservedHeaders: Set<String> = ["received", "to", "from", "dkim-signature", "cc", "message-id", "return-path"]

    /// The checked definition of destination `name`, as stored: AWS's rules beyond the model's.
    package static func definition(name: String, _ value: ModelValue?) throws(AWSError) -> JSONFragment {
        guard DimensionFilter.isWellFormedName(name), name.count <= 64 else {
            throw .badRequest("Invalid event destination name \(name): only alphanumeric ASCII characters, '_', and '-' are allowed (at most 64).")
        }
        let given = kinds.filter { value?[$0] != nil }
        guard given.count == 1 else {
            throw .badRequest("An event destination must name exactly one destination (one of \(kinds.joined(separator: ", "))); \(given.count) given.")
        }
        var seen = Set<String>()
        let types = (value?["MatchingEventTypes"]?.list?.compactMap(\.string) ?? []).filter { seen.insert($0).inserted }
        guard !types.isEmpty else { throw .badRequest("MatchingEventTypes must name at least one event type.") }
        try check(kind: given[0], value?[given[0]])
        return .object([
            ("Name", .string(name)),
            ("Enabled", .bool(value?["Enabled"]?.boolean ?? false)),
            ("MatchingEventTypes", .array(types.map { .string($0) })),
            (given[0], ModelWire.sesv2.stored(value?[given[0]] ?? .empty, as: given[0])),
        ])
    }

    private static func check(kind: String, _ value: ModelValue?) throws(AWSError) {
        func arn(_ member: String, service: String) throws(AWSError) {
            let text = value?[member]?.string ?? ""
            let parts = text.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count >= 6, parts[0] == "arn", parts[2] == Substring(service) else {
                throw .badRequest("Invalid \(member) \(text): expected an ARN of \(service).")
            }
        }
        switch kind {
        case "SnsDestination": try arn("TopicArn", service: "sns")
        case "EventBridgeDestination":
            try arn("EventBusArn", service: "events")
            guard value?["EventBusArn"]?.string?.hasSuffix(":event-bus/default") == true else {
                throw .badRequest("Only the default event bus is supported (arn:aws:events:<region>:<account>:event-bus/default).")
            }
        case "KinesisFirehoseDestination":
            try arn("DeliveryStreamArn", service: "firehose")
            try arn("IamRoleArn", service: "iam")
        case "PinpointDestination":
            if value?["ApplicationArn"] != nil { try arn("ApplicationArn", service: "mobiletargeting") }
        default:
            let dimensions = value?["DimensionConfigurations"]?.list ?? []
            guard !dimensions.isEmpty else { throw .badRequest("A CloudWatch destination needs at least one dimension configuration.") }
            for d in dimensions {
                let name = d["DimensionName"]?.string ?? ""
                guard DimensionFilter.isWellFormedName(name), name.count <= 255 else {
                    throw .badRequest("Invalid dimension name \(name): only alphanumeric ASCII characters, '_', and '-' are allowed (at most 255).")
                }
                let fallback = d["DefaultDimensionValue"]?.string ?? ""
                guard DimensionFilter.isWellFormedName(fallback), fallback.count <= 256 else {
                    throw .badRequest("Invalid default dimension value \(fallback): only alphanumeric ASCII characters, '_', and '-' are allowed (at most 256).")
                }
                if d["DimensionValueSource"]?.string == "EMAIL_HEADER", reservedHeaders.contains(name.lowercased()) {
                    throw .badRequest("The header \(name) cannot be a dimension value source.")
                }
            }
        }
    }

    /// The destinations stored in a set's document.
    package static func all(in set: Resource?) -> [JSONObject] {
        guard case .array(let items)? = set?[member] else { return [] }
        return items.compactMap { if case .object(let o) = $0 { return o }; return nil }
    }

    package static func name(_ destination: JSONObject) -> String {
        if case .string(let s)? = destination["Name"] { return s }
        return ""
    }

    /// Whether an enabled destination of the set takes events of `type` (an EventType name).
    package static func publishes(_ type: String, in set: Resource?) -> Bool {
        all(in: set).contains { d in
            guard case .bool(true)? = d["Enabled"], case .array(let types)? = d["MatchingEventTypes"] else { return false }
            return types.contains(.string(type))
        }
    }
}

extension EventDestinations {
    /// Rewrites the destinations of set `setName` in one transaction: `edit` gets the current ones,
    /// the checked definition of destination `name` (from `value`) and the set.
    package static func edit(_ sets: ResourceRegistry, set setName: String, name: String, definition value: ModelValue?,
                             atMillis now: Int64,
                             _ edit: ([JSONObject], JSONFragment, Resource) throws(AWSError) -> [JSONFragment]) throws(AWSError) {
        let definition = try Self.definition(name: name, value)
        try sets.modify(setName, atMillis: now) { set throws(AWSError) in
            [(member, .array(try edit(all(in: set), definition, set)))]
        }
    }

    package static func notFound(_ name: String, in set: String) -> AWSError {
        .notFound("Event destination \(name) does not exist in configuration set \(set).")
    }
}
