import SESDomain
import SESWire

/// `PUT /v2/email/configuration-sets/{ConfigurationSetName}/vdm-options`: the set's VDM options;
/// `DashboardOptions.EngagementMetrics` overrides the account's for sends through the set, so it
/// decides whether their opens and clicks are tracked.
package struct PutConfigurationSetVdmOptions: ConfigurationSetOptionOperation {
    package static let name = "PutConfigurationSetVdmOptions"
    package static let option = "VdmOptions"
    package static let inputMember: String? = "VdmOptions"

    package let configurationSets: ResourceRegistry

    package init(configurationSets: ResourceRegistry) { self.configurationSets = configurationSets }
}
