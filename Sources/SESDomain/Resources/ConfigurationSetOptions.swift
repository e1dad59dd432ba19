import AWSModel
import JSON
import MetricsStore
import SESWire

/// A configuration set's option members (TrackingOptions, DeliveryOptions, ...): checked against
/// the model where the emulator reads them or the model constrains them, and kept as sent.
package enum ConfigurationSetOptions {
    package static let members = ["TrackingOptions", "DeliveryOptions", "ReputationOptions", "SendingOptions",
                          "SuppressionOptions", "VdmOptions", "ArchivingOptions", "MessageSecurityOptions"]

    /// What GetConfigurationSet shows for options never set, as AWS fills them.
    package static let defaults: [(String, JSONFragment)] = [
        ("DeliveryOptions", .object([("TlsPolicy", .string("OPTIONAL"))])),
        ("ReputationOptions", .object([("ReputationMetricsEnabled", .bool(false))])),
        ("SendingOptions", .object([("SendingEnabled", .bool(true))])),
    ]

    /// The document of a set never created through the API (one stored events name): the defaults, no tags.
    package static let unset: [(String, JSONFragment)] = defaults + [("Tags", .array([]))]

    /// A `SendingPoolName` names a dedicated IP pool that exists.
    package static func checkPool(_ name: String?, in pools: ResourceCollection) throws(AWSError) {
        if let name, try pools.find(name) == nil { throw pools.notFound(name) }
    }

    /// The name rule the observed service applies to configuration set names.
    package static func checkName(_ name: String) throws(AWSError) -> String {
        guard !name.isEmpty else { throw .badRequest("The configuration set name must be specified.") }
        guard DimensionFilter.isWellFormedName(name), name.count <= 64 else {
            throw .badRequest("Invalid configuration set name \(name): only alphanumeric ASCII characters, '_', and '-' are allowed (at most 64).")
        }
        return name
    }

    /// The option members of a checked CreateConfigurationSet input, defaults filled in, in the
    /// model's order; each member's shape has the member's name.
    package static func stored(_ value: ModelValue) -> [(String, JSONFragment)] {
        members.compactMap { member in
            if let given = value[member] { return (member, ModelWire.sesv2.stored(given, as: member)) }
            return defaults.first { $0.0 == member }
        }
    }
}
