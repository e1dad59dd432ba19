import SESDomain
import SESWire

/// `PUT /v2/email/configuration-sets/{ConfigurationSetName}/archiving-options`: the MailManager archive sent mail is kept in (kept, not used: nothing is archived here).
package struct PutConfigurationSetArchivingOptions: ConfigurationSetOptionOperation {
    package static let name = "PutConfigurationSetArchivingOptions"
    package static let option = "ArchivingOptions"

    package let configurationSets: ResourceRegistry

    package init(configurationSets: ResourceRegistry) { self.configurationSets = configurationSets }
}
