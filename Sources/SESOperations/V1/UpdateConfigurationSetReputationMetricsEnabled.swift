import AWSModel
import SESDomain
import SESWire

/// SES v1 `UpdateConfigurationSetReputationMetricsEnabled`: SESv2's ReputationOptions.ReputationMetricsEnabled.
package struct UpdateConfigurationSetReputationMetricsEnabled: ModelOperation {
    package static let name = "UpdateConfigurationSetReputationMetricsEnabled"
    package static let wire = ModelWire.ses

    package let configurationSets: ResourceRegistry

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        let enabled = input["Enabled"]?.boolean ?? false
        try V1ConfigurationSets.set(input["ConfigurationSetName"]?.string ?? "", in: configurationSets, atMillis: exchange.startedEpochMillis) {
            _ in [("ReputationOptions", .object([("ReputationMetricsEnabled", .bool(enabled))]))]
        }
        return .empty
    }

    package init(configurationSets: ResourceRegistry) { self.configurationSets = configurationSets }
}
