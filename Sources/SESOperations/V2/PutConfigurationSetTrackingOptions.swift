import SESDomain
import SESWire

/// `PUT /v2/email/configuration-sets/{ConfigurationSetName}/tracking-options`: the custom redirect domain of open and click links (kept as sent).
package struct PutConfigurationSetTrackingOptions: ConfigurationSetOptionOperation {
    package static let name = "PutConfigurationSetTrackingOptions"
    package static let option = "TrackingOptions"

    package let configurationSets: ResourceRegistry

    package init(configurationSets: ResourceRegistry) { self.configurationSets = configurationSets }
}
