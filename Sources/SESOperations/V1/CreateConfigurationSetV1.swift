import AWSModel
import JSON
import SESDomain
import SESWire

/// SES v1 `CreateConfigurationSet`: a set SESv2 reads, with SESv2's defaults.
package struct CreateConfigurationSetV1: ModelOperation {
    package static let name = "CreateConfigurationSet"
    package static let wire = ModelWire.ses

    package let configurationSets: ResourceRegistry

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        let name: String
        do { name = try ConfigurationSetOptions.checkName(input["ConfigurationSet"]?["Name"]?.string ?? "") } catch .badRequest(let text) {
            throw V1Sending.refusal("InvalidConfigurationSet", text)
        }
        do {
            try configurationSets.created.create(name: name, members: ConfigurationSetOptions.unset, atMillis: exchange.startedEpochMillis)
        } catch .alreadyExists {
            throw V1Sending.refusal("ConfigurationSetAlreadyExists", "Configuration set <\(name)> already exists.")
        }
        return .empty
    }

    package init(configurationSets: ResourceRegistry) { self.configurationSets = configurationSets }
}
