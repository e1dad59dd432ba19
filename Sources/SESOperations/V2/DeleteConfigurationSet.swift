import SESDomain
import SESWire

/// `DELETE /v2/email/configuration-sets/{ConfigurationSetName}`: its events stay.
package struct DeleteConfigurationSet: RemovalOperation {
    package static let name = "DeleteConfigurationSet"
    package static let nameMember = "ConfigurationSetName"

    package let configurationSets: ResourceRegistry

    package init(configurationSets: ResourceRegistry) { self.configurationSets = configurationSets }

    package func remove(_ name: String) throws(AWSError) { try configurationSets.delete(name) }
}
