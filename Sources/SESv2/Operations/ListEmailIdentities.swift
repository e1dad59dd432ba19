/// `GET /v2/email/identities`: created identities and those stored events name, by name.
struct ListEmailIdentities: SESOperation {
    static let name = "ListEmailIdentities"
    static let method = "GET"
    static let pathTemplate = "/v2/email/identities"

    let identities: ResourceRegistry

    func decode(_ exchange: SESExchange) throws(AWSError) -> ListPaging {
        try ListPaging.read(exchange.request, defaultSize: 100, sizes: 1...1000)
    }

    func execute(_ paging: ListPaging, _ exchange: SESExchange) throws(AWSError) -> OperationResult {
        let page = paging.page(try identities.all()) { ResourceKind.identity.key($0.name) }
        var members: [(String, JSONFragment)] = [("EmailIdentities", .array(page.items.map { identity in
            .object([("IdentityType", .string(EmailIdentityAttributes.type(of: identity.name))),
                     ("IdentityName", .string(identity.name)),
                     ("SendingEnabled", .bool(identity.resource != nil)),
                     ("VerificationStatus", .string(EmailIdentityAttributes.verificationStatus(verified: identity.resource != nil)))])
        }))]
        if let token = page.nextToken { members.append(("NextToken", .string(token))) }
        return OperationResult(body: JSONFragment.object(members).bytes)
    }
}
