import AWSModel
import SESDomain
import SESWire

/// `GET /v2/email/configuration-sets/{ConfigurationSetName}`: as created (defaults filled in),
/// or the defaults for a set stored events name.
package struct GetConfigurationSet: ModelOperation {
    package static let name = "GetConfigurationSet"

    package let configurationSets: ResourceRegistry

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        let set = try configurationSets.get(input["ConfigurationSetName"]?.string ?? "")
        let document: JSONFragment = set.resource.map { .json(.object($0.document)) }
            ?? .object([("ConfigurationSetName", .string(set.name))] + ConfigurationSetOptions.unset)
        return Self.wire.value(document, as: "GetConfigurationSetResponse")
    }

    package init(configurationSets: ResourceRegistry) { self.configurationSets = configurationSets }
}
