import AWSModel
import JSON
import SESDomain
import SESWire

/// `POST /v2/email/configuration-sets/{ConfigurationSetName}/event-destinations`: at most ten a
/// set, names unique in it, exactly one destination each. An enabled destination that takes OPEN
/// or CLICK events turns on open or click tracking for sends through the set.
package struct CreateConfigurationSetEventDestination: ModelOperation {
    package static let name = "CreateConfigurationSetEventDestination"

    package let configurationSets: ResourceRegistry

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        let name = input["EventDestinationName"]?.string ?? ""
        try EventDestinations.edit(configurationSets, set: input["ConfigurationSetName"]?.string ?? "", name: name,
                                   definition: input["EventDestination"], atMillis: exchange.startedEpochMillis) {
            existing, definition, set throws(AWSError) in
            if existing.contains(where: { EventDestinations.name($0) == name }) {
                throw .alreadyExists("Event destination \(name) already exists in configuration set \(set.name).")
            }
            guard existing.count < EventDestinations.limit else {
                throw .limitExceeded("Configuration set \(set.name) has \(EventDestinations.limit) event destinations, the most it can have.")
            }
            return existing.map { .json(.object($0)) } + [definition]
        }
        return .empty
    }

    package init(configurationSets: ResourceRegistry) { self.configurationSets = configurationSets }
}
