import AWSModel
import SESDomain
import SESWire

/// SES v1 `DeleteConfigurationSet`: a set created through either API.
package struct DeleteConfigurationSetV1: ModelOperation {
    package static let name = "DeleteConfigurationSet"
    package static let wire = ModelWire.ses

    package let configurationSets: ResourceRegistry

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        let name = input["ConfigurationSetName"]?.string ?? ""
        guard try configurationSets.created.find(name) != nil else { throw V1ConfigurationSets.doesNotExist(name) }
        try configurationSets.created.delete(name)
        return .empty
    }

    package init(configurationSets: ResourceRegistry) { self.configurationSets = configurationSets }
}
