import AWSModel
import JSON
import SESWire

/// A resource's `Tags` member (a list of `{Key, Value}`), checked against the model and SES's lengths, kept as sent.
package enum Tags {
    /// The lengths SES holds tags to (128 and 256), which the model does not state, as validation
    /// messages beside the model's.
    package static func violations(_ tags: ModelValue?) -> [String] {
        var v = ValidationViolations()
        for (i, tag) in (tags?.list ?? []).enumerated() {
            v.length(tag["Key"]?.string, at: "tags.\(i + 1).member.key", 1...128)
            v.length(tag["Value"]?.string, at: "tags.\(i + 1).member.value", 0...256)
        }
        return v.items
    }

    /// Tags as stored: the list as sent.
    package static func stored(_ tags: ModelValue?) -> JSONFragment {
        tags.map { ModelWire.sesv2.stored($0, as: "TagList") } ?? .array([])
    }

    /// A stored tag's key.
    package static func key(_ tag: JSONValue) -> String {
        if case .object(let o) = tag, case .string(let k)? = o["Key"] { return k }
        return ""
    }
}
