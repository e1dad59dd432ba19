import AWSModel
import JSON
import SESDomain
import SESWire

/// `DELETE /v2/email/configuration-sets/{ConfigurationSetName}/event-destinations/{EventDestinationName}`.
package struct DeleteConfigurationSetEventDestination: ModelOperation {
    package static let name = "DeleteConfigurationSetEventDestination"

    package let configurationSets: ResourceRegistry

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        let name = input["EventDestinationName"]?.string ?? ""
        let setName = input["ConfigurationSetName"]?.string ?? ""
        // A set known from stored events only has no destinations.
        guard try configurationSets.get(setName).resource != nil else { throw EventDestinations.notFound(name, in: setName) }
        try configurationSets.created.modify(setName) { set throws(AWSError) in
            let existing = EventDestinations.all(in: set)
            guard existing.contains(where: { EventDestinations.name($0) == name }) else { throw EventDestinations.notFound(name, in: set.name) }
            return [(EventDestinations.member, .array(existing.filter { EventDestinations.name($0) != name }.map { .json(.object($0)) }))]
        }
        return .empty
    }

    package init(configurationSets: ResourceRegistry) { self.configurationSets = configurationSets }
}
