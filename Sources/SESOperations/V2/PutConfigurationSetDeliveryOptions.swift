import AWSModel
import JSON
import SESDomain
import SESWire

/// `PUT /v2/email/configuration-sets/{ConfigurationSetName}/delivery-options`: TLS policy, the
/// dedicated IP pool (which must exist), and the maximum delivery time.
package struct PutConfigurationSetDeliveryOptions: ConfigurationSetOptionOperation {
    package static let name = "PutConfigurationSetDeliveryOptions"
    package static let option = "DeliveryOptions"

    package let configurationSets: ResourceRegistry
    package let pools: ResourceCollection

    package func option(_ input: ModelValue) throws(AWSError) -> JSONFragment {
        try ConfigurationSetOptions.checkPool(input["SendingPoolName"]?.string, in: pools)
        return ModelWire.sesv2.stored(input, as: Self.option)
    }

    package init(configurationSets: ResourceRegistry, pools: ResourceCollection) {
        self.configurationSets = configurationSets
        self.pools = pools
    }
}
