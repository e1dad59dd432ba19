import SESDomain
import SESWire

/// `POST /v2/email/update-configuration-sets`: the set's message security options (the S/MIME
/// signing scheme), kept as sent; nothing is signed here.
package struct UpdateConfigurationSet: ConfigurationSetOptionOperation {
    package static let name = "UpdateConfigurationSet"
    package static let option = "MessageSecurityOptions"
    package static let inputMember: String? = "MessageSecurityOptions"

    package let configurationSets: ResourceRegistry

    package init(configurationSets: ResourceRegistry) { self.configurationSets = configurationSets }
}
