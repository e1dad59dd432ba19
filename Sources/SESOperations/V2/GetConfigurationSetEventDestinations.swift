import AWSModel
import JSON
import SESDomain
import SESWire

/// `GET /v2/email/configuration-sets/{ConfigurationSetName}/event-destinations`: in the order created.
package struct GetConfigurationSetEventDestinations: ModelOperation {
    package static let name = "GetConfigurationSetEventDestinations"

    package let configurationSets: ResourceRegistry

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        let set = try configurationSets.get(input["ConfigurationSetName"]?.string ?? "")
        let items = EventDestinations.all(in: set.resource).map { JSONFragment.json(.object($0)) }
        return Self.wire.value(.object([("EventDestinations", .array(items))]), as: "GetConfigurationSetEventDestinationsResponse")
    }

    package init(configurationSets: ResourceRegistry) { self.configurationSets = configurationSets }
}
