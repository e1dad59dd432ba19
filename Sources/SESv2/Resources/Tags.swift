import AWSModel
import JSON

/// A resource's `Tags` member (a list of `{Key, Value}`), checked against the model and kept as sent.
enum Tags {
    static func read(_ body: RequestBody, into v: inout ValidationViolations) throws(AWSError) -> JSONFragment {
        guard let list = try body.objects("Tags") else { return .array([]) }
        var tags: [JSONFragment] = []
        for (i, tag) in list.enumerated() {
            let key = try tag.string("Key"), value = try tag.string("Value")
            v.required(key, at: "tags.\(i + 1).member.key")
            v.required(value, at: "tags.\(i + 1).member.value")
            v.length(key, at: "tags.\(i + 1).member.key", 1...128)
            v.length(value, at: "tags.\(i + 1).member.value", 0...256)
            tags.append(.object([("Key", .string(key ?? "")), ("Value", .string(value ?? ""))]))
        }
        return .array(tags)
    }

    /// The lengths SES holds tags to (128 and 256), which the model does not state, as validation
    /// messages beside the model's.
    static func violations(_ tags: ModelValue?) -> [String] {
        var v = ValidationViolations()
        for (i, tag) in (tags?.list ?? []).enumerated() {
            v.length(tag["Key"]?.string, at: "tags.\(i + 1).member.key", 1...128)
            v.length(tag["Value"]?.string, at: "tags.\(i + 1).member.value", 0...256)
        }
        return v.items
    }

    /// Tags as stored: the list as sent.
    static func stored(_ tags: ModelValue?) -> JSONFragment {
        tags.map { ModelWire.sesv2.stored($0, as: "TagList") } ?? .array([])
    }
}
