import AWSModel
import SESDomain
import SESWire

/// SES v1 `ListIdentities`: by name, `IdentityType` `EmailAddress` or `Domain`; `MaxItems` 1–1000
/// (default 1000); the identities stored events name too, as SESv2 lists them.
package struct ListIdentities: ModelOperation {
    package static let name = "ListIdentities"
    package static let wire = ModelWire.ses
    package let identities: ResourceRegistry

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        let type = input["IdentityType"]?.string
        let size = input["MaxItems"]?.integer ?? 0
        guard size == 0 || (1...1000).contains(size) else { throw V1Identities.invalid("MaxItems must be between 1 and 1000.") }
        let matching = try identities.all().filter { known in
            type.map { ($0 == "Domain") == (EmailIdentityAttributes.type(of: known.name) == "DOMAIN") } ?? true
        }
        let page = ListPaging(nextToken: input["NextToken"]?.string, pageSize: size == 0 ? 1000 : Int(size))
            .page(matching) { ResourceKind.identity.key($0.name) }
        var output: [String: ModelValue] = ["Identities": .list(page.items.map { .string($0.name) })]
        if let token = page.nextToken { output["NextToken"] = .string(token) }
        return .structure(output)
    }

    package init(identities: ResourceRegistry) { self.identities = identities }
}
