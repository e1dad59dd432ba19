import AWSModel
import JSON
import SESDomain
import SESWire

/// SES v1's configuration sets are SESv2's, refusing in v1's codes.
enum V1ConfigurationSets {
    static func doesNotExist(_ name: String) -> AWSError {
        V1Sending.refusal("ConfigurationSetDoesNotExist", "Configuration set <\(name)> does not exist.")
    }

    /// Sets an option member of the set (created first when stored events name it, as in SESv2).
    static func set(_ name: String, in sets: ResourceRegistry, atMillis now: Int64,
                    _ change: (Resource) -> [(String, JSONFragment)]) throws(AWSError) {
        do { try sets.modify(name, atMillis: now) { change($0) } } catch .notFound { throw doesNotExist(name) }
    }

    /// A SESv2 event destination as v1's EventDestination: lower-case event types, v1's member names.
    static func destination(_ d: JSONObject) -> ModelValue {
        var members: [String: ModelValue] = ["Name": .string(EventDestinations.name(d))]
        if case .bool(let enabled)? = d["Enabled"] { members["Enabled"] = .boolean(enabled) }
        if case .array(let types)? = d["MatchingEventTypes"] {
            members["MatchingEventTypes"] = .list(types.compactMap { value -> ModelValue? in
                guard case .string(let t) = value else { return nil }
                if t == "RENDERING_FAILURE" { return .string("renderingFailure") }
                return ["SEND", "REJECT", "BOUNCE", "COMPLAINT", "DELIVERY", "OPEN", "CLICK"].contains(t) ? .string(t.lowercased()) : nil
            })
        }
        func string(_ o: JSONValue?, _ key: String) -> ModelValue? {
            if case .object(let obj)? = o, case .string(let s)? = obj[key] { return .string(s) }
            return nil
        }
        if let topic = string(d["SnsDestination"], "TopicArn") { members["SNSDestination"] = .structure(["TopicARN": topic]) }
        if let stream = string(d["KinesisFirehoseDestination"], "DeliveryStreamArn"),
           let role = string(d["KinesisFirehoseDestination"], "IamRoleArn") {
            members["KinesisFirehoseDestination"] = .structure(["IAMRoleARN": role, "DeliveryStreamARN": stream])
        }
        if case .object(let cw)? = d["CloudWatchDestination"] {
            members["CloudWatchDestination"] = ModelWire.ses.value(.json(.object(cw)), as: "CloudWatchDestination")
        }
        return .structure(members)
    }
}
