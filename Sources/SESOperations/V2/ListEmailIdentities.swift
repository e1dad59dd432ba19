import AWSModel
import SESDomain
import SESWire

/// `GET /v2/email/identities` (older SDKs) and `POST /v2/email/list-identities` (with `Filter`):
/// created identities and those stored events name, by name.
package struct ListEmailIdentities: SESOperation {
    package static let name = "ListEmailIdentities"

    package let identities: ResourceRegistry

    package func decode(_ exchange: SESExchange) throws(AWSError) -> ListRequest {
        try ListRequest.read(exchange.request, defaultSize: 100, sizes: 1...1000,
                             filterKeys: ["IDENTITY_NAME_CONTAINS", "IDENTITY_TYPE", "VERIFICATION_STATUS"])
    }

    package func execute(_ request: ListRequest, _ exchange: SESExchange) throws(AWSError) -> OperationResult {
        let matching = try identities.all().filter { identity in
            request.filter.allSatisfy { filter in
                switch filter.key {
                case "IDENTITY_NAME_CONTAINS": return ListRequest.contains(identity.name, filter.value)
                case "IDENTITY_TYPE": return EmailIdentityAttributes.type(of: identity.name) == filter.value
                default: return EmailIdentityAttributes.verificationStatus(verified: identity.resource != nil) == filter.value
                }
            }
        }
        let page = request.paging.page(matching) { ResourceKind.identity.key($0.name) }
        var output: [String: ModelValue] = ["EmailIdentities": .list(page.items.map(EmailIdentityAttributes.info))]
        if let token = page.nextToken { output["NextToken"] = .string(token) }
        return OperationResult(body: ModelWire.sesv2.encode(Self.name, .structure(output), exchange))
    }

    package init(identities: ResourceRegistry) { self.identities = identities }
}
