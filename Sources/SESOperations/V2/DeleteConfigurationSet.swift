import AWSModel
import SESDomain
import SESWire

/// `DELETE /v2/email/configuration-sets/{ConfigurationSetName}`: its events stay.
package struct DeleteConfigurationSet: ModelOperation {
    package static let name = "DeleteConfigurationSet"

    package let configurationSets: ResourceRegistry

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        try configurationSets.delete(input["ConfigurationSetName"]?.string ?? "")
        return .empty
    }

    package init(configurationSets: ResourceRegistry) {
        self.configurationSets = configurationSets
    }
}
