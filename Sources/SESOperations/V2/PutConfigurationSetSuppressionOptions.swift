import SESDomain
import SESWire

/// `PUT /v2/email/configuration-sets/{ConfigurationSetName}/suppression-options`: which bounces and complaints put addresses on the suppression list for sends through the set, overriding the account's reasons.
package struct PutConfigurationSetSuppressionOptions: ConfigurationSetOptionOperation {
    package static let name = "PutConfigurationSetSuppressionOptions"
    package static let option = "SuppressionOptions"

    package let configurationSets: ResourceRegistry

    package init(configurationSets: ResourceRegistry) { self.configurationSets = configurationSets }
}
