/// `POST /v2/email/configuration-sets`: the options are stored and returned by GetConfigurationSet;
/// sending reads SendingOptions and VdmOptions.
struct CreateConfigurationSet: SESOperation {
    static let name = "CreateConfigurationSet"

    let configurationSets: ResourceRegistry

    struct Input: Sendable {
        let name: String
        let members: [(String, JSONFragment)]
    }

    func decode(_ exchange: SESExchange) throws(AWSError) -> RequestBody {
        try RequestBody.parse(exchange.request.body)
    }

    func validate(_ body: RequestBody) throws(AWSError) -> Input {
        var v = ValidationViolations()
        let name = try body.string("ConfigurationSetName")
        let options = try ConfigurationSetOptions.read(body, into: &v)
        let tags = try Tags.read(body, into: &v)
        let checked = try ConfigurationSetOptions.checkName(name, into: &v)
        if let error = v.error { throw error }
        return Input(name: checked, members: options + [("Tags", tags)])
    }

    func execute(_ input: Input, _ exchange: SESExchange) throws(AWSError) -> OperationResult {
        if try configurationSets.find(input.name) != nil { throw configurationSets.created.alreadyExists(input.name) }
        try configurationSets.created.create(name: input.name, members: input.members, atMillis: exchange.startedEpochMillis)
        return OperationResult(body: Array("{}".utf8))
    }
}
