import AWSModel
import JSON
import SESDomain
import SESWire

/// `PUT /v2/email/configuration-sets/{ConfigurationSetName}/event-destinations/{EventDestinationName}`:
/// the destination's definition replaced as a whole, in its place in the list.
package struct UpdateConfigurationSetEventDestination: ModelOperation {
    package static let name = "UpdateConfigurationSetEventDestination"

    package let configurationSets: ResourceRegistry

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        let name = input["EventDestinationName"]?.string ?? ""
        try EventDestinations.edit(configurationSets, set: input["ConfigurationSetName"]?.string ?? "", name: name,
                                   definition: input["EventDestination"], atMillis: exchange.startedEpochMillis) {
            existing, definition, set throws(AWSError) in
            guard let i = existing.firstIndex(where: { EventDestinations.name($0) == name }) else {
                throw EventDestinations.notFound(name, in: set.name)
            }
            var items = existing.map { JSONFragment.json(.object($0)) }
            items[i] = definition
            return items
        }
        return .empty
    }

    package init(configurationSets: ResourceRegistry) { self.configurationSets = configurationSets }
}
