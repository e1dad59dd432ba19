import AWSModel

/// `POST /v2/email/configuration-sets`: the options are stored and returned by GetConfigurationSet;
/// sending reads SendingOptions and VdmOptions.
struct CreateConfigurationSet: ModelOperation {
    static let name = "CreateConfigurationSet"

    let configurationSets: ResourceRegistry

    struct Input: Sendable {
        let name: String
        let members: [(String, JSONFragment)]
    }

    func violations(_ value: ModelValue) -> [String] { Tags.violations(value["Tags"]) }

    func input(_ value: ModelValue) throws(AWSError) -> Input {
        let name = try ConfigurationSetOptions.checkName(value["ConfigurationSetName"]?.string ?? "")
        return Input(name: name, members: ConfigurationSetOptions.stored(value) + [("Tags", Tags.stored(value["Tags"]))])
    }

    func handle(_ input: Input, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        if try configurationSets.find(input.name) != nil { throw configurationSets.created.alreadyExists(input.name) }
        try configurationSets.created.create(name: input.name, members: input.members, atMillis: exchange.startedEpochMillis)
        return .empty
    }
}
