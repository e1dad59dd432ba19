import AWSModel
import JSON
import SESDomain
import SESWire

/// `PUT /v2/email/identities/{EmailIdentity}/configuration-set`: the identity's default
/// configuration set, which sends from it that name none go through; without
/// `ConfigurationSetName` the default is removed.
package struct PutEmailIdentityConfigurationSetAttributes: ModelOperation {
    package static let name = "PutEmailIdentityConfigurationSetAttributes"

    package let identities: ResourceRegistry
    package let configurationSets: ResourceRegistry

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        let set = try input["ConfigurationSetName"]?.string.map { name throws(AWSError) in try configurationSets.get(name).name }
        try identities.modify(input["EmailIdentity"]?.string ?? "", atMillis: exchange.startedEpochMillis) { _ in
            [("ConfigurationSetName", set.map { .string($0) } ?? .null)]
        }
        return .empty
    }

    package init(identities: ResourceRegistry, configurationSets: ResourceRegistry) {
        self.identities = identities
        self.configurationSets = configurationSets
    }
}
