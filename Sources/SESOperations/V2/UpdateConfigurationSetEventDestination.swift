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
        let definition = try EventDestinations.definition(name: name, input["EventDestination"])
        let setName = input["ConfigurationSetName"]?.string ?? ""
        try configurationSets.modify(setName, atMillis: exchange.startedEpochMillis) { set throws(AWSError) in
            let existing = EventDestinations.all(in: set)
            guard let i = existing.firstIndex(where: { EventDestinations.name($0) == name }) else {
                throw EventDestinations.notFound(name, in: set.name)
            }
            var items = existing.map { JSONFragment.json(.object($0)) }
            items[i] = definition
            return [(EventDestinations.member, .array(items))]
        }
        return .empty
    }

    package init(configurationSets: ResourceRegistry) { self.configurationSets = configurationSets }
}
