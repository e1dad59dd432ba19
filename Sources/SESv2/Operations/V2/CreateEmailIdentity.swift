/// `POST /v2/email/identities`: the identity is verified at once (no DNS here), DKIM `SUCCESS`.
struct CreateEmailIdentity: SESOperation {
    static let name = "CreateEmailIdentity"

    let identities: ResourceRegistry
    let configurationSets: ResourceRegistry

    struct Input: Sendable {
        let name: String
        let tags: JSONFragment
        let configurationSetName: String?
    }

    func decode(_ exchange: SESExchange) throws(AWSError) -> RequestBody {
        try RequestBody.parse(exchange.request.body)
    }

    func validate(_ body: RequestBody) throws(AWSError) -> Input {
        var v = ValidationViolations()
        let name = try body.string("EmailIdentity")
        v.required(name, at: "emailIdentity")
        v.length(name, at: "emailIdentity", 1...Int.max)
        let tags = try Tags.read(body, into: &v)
        let configurationSetName = try body.string("ConfigurationSetName")
        if let error = v.error { throw error }
        guard let name, EmailIdentityAttributes.isWellFormed(name) else { throw .badRequest("Invalid email identity provided.") }
        return Input(name: name, tags: tags, configurationSetName: configurationSetName)
    }

    func execute(_ input: Input, _ exchange: SESExchange) throws(AWSError) -> OperationResult {
        if let set = input.configurationSetName { _ = try configurationSets.get(set) }
        if try identities.find(input.name) != nil { throw identities.created.alreadyExists(input.name) }
        var members: [(String, JSONFragment)] = [("Tags", input.tags)]
        if let set = input.configurationSetName { members.append(("ConfigurationSetName", .string(set))) }
        try identities.created.create(name: input.name, members: members, atMillis: exchange.startedEpochMillis)
        return OperationResult(body: JSONFragment.object([
            ("IdentityType", .string(EmailIdentityAttributes.type(of: input.name))),
            ("VerifiedForSendingStatus", .bool(true)),
            ("DkimAttributes", EmailIdentityAttributes.dkim(for: input.name, createdMillis: exchange.startedEpochMillis)),
        ]).bytes)
    }
}
