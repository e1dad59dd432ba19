import SESDomain
import SESWire

/// `PUT /v2/email/configuration-sets/{ConfigurationSetName}/reputation-options`: whether reputation metrics are kept for the set.
package struct PutConfigurationSetReputationOptions: ConfigurationSetOptionOperation {
    package static let name = "PutConfigurationSetReputationOptions"
    package static let option = "ReputationOptions"

    package let configurationSets: ResourceRegistry

    package init(configurationSets: ResourceRegistry) { self.configurationSets = configurationSets }
}
