import AWSModel
import SESDomain
import SESWire

/// `POST /v2/email/configuration-sets`: the options are stored and returned by GetConfigurationSet;
/// sending reads SendingOptions and VdmOptions.
package struct CreateConfigurationSet: ModelOperation {
    package static let name = "CreateConfigurationSet"

    package let configurationSets: ResourceRegistry
    package let pools: ResourceCollection

    package struct Input: Sendable {
        package let name: String
        package let members: [(String, JSONFragment)]
    }

    package func violations(_ value: ModelValue) -> [String] { Tags.violations(value["Tags"]) }

    package func input(_ value: ModelValue) throws(AWSError) -> Input {
        let name = try ConfigurationSetOptions.checkName(value["ConfigurationSetName"]?.string ?? "")
        try ConfigurationSetOptions.checkPool(value["DeliveryOptions"]?["SendingPoolName"]?.string, in: pools)
        return Input(name: name, members: ConfigurationSetOptions.stored(value) + [("Tags", Tags.stored(value["Tags"]))])
    }

    package func handle(_ input: Input, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        try configurationSets.created.create(name: input.name, members: input.members, atMillis: exchange.startedEpochMillis)
        return .empty
    }

    package init(configurationSets: ResourceRegistry, pools: ResourceCollection) {
        self.configurationSets = configurationSets
        self.pools = pools
    }
}
