import SESDomain
import SESWire

/// `PUT /v2/email/configuration-sets/{ConfigurationSetName}/sending`: with SendingEnabled false, SendEmail and SendBulkEmail through the set are refused (SendingPausedException).
package struct PutConfigurationSetSendingOptions: ConfigurationSetOptionOperation {
    package static let name = "PutConfigurationSetSendingOptions"
    package static let option = "SendingOptions"

    package let configurationSets: ResourceRegistry

    package init(configurationSets: ResourceRegistry) { self.configurationSets = configurationSets }
}
