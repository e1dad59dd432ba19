import AWSModel
import SESDomain
import SESWire

/// SES v1 `UpdateConfigurationSetSendingEnabled`: SESv2's SendingOptions.SendingEnabled.
package struct UpdateConfigurationSetSendingEnabled: ModelOperation {
    package static let name = "UpdateConfigurationSetSendingEnabled"
    package static let wire = ModelWire.ses

    package let configurationSets: ResourceRegistry

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        let enabled = input["Enabled"]?.boolean ?? false
        try V1ConfigurationSets.set(input["ConfigurationSetName"]?.string ?? "", in: configurationSets, atMillis: exchange.startedEpochMillis) {
            _ in [("SendingOptions", .object([("SendingEnabled", .bool(enabled))]))]
        }
        return .empty
    }

    package init(configurationSets: ResourceRegistry) { self.configurationSets = configurationSets }
}
