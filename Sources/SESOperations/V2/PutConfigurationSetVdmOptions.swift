import AWSModel
import JSON
import SESDomain
import SESWire

/// `PUT /v2/email/configuration-sets/{ConfigurationSetName}/vdm-options`: the set's VDM options;
/// `DashboardOptions.EngagementMetrics` overrides the account's for sends through the set, so it
/// decides whether their opens and clicks are tracked.
package struct PutConfigurationSetVdmOptions: ConfigurationSetOptionOperation {
    package static let name = "PutConfigurationSetVdmOptions"
    package static let option = "VdmOptions"

    package let configurationSets: ResourceRegistry

    package func option(_ input: ModelValue) throws(AWSError) -> JSONFragment {
        input["VdmOptions"].map { ModelWire.sesv2.stored($0, as: Self.option) } ?? .object([])
    }

    package init(configurationSets: ResourceRegistry) { self.configurationSets = configurationSets }
}
