import AWSModel
import SESDomain
import SESWire

/// SES v1 `VerifyDomainDkim`: the domain's three Easy DKIM tokens (the domain becomes an identity).
package struct VerifyDomainDkim: ModelOperation {
    package static let name = "VerifyDomainDkim"
    package static let wire = ModelWire.ses
    package let identities: ResourceRegistry

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        let domain = input["Domain"]?.string ?? ""
        guard !domain.contains("@") else { throw V1Identities.invalid("Invalid domain name: \(domain)") }
        try V1Identities.verify(domain, in: identities, atMillis: exchange.startedEpochMillis)
        let dkim = EmailIdentityAttributes.dkim(for: try identities.created.get(domain))
        return .structure(["DkimTokens": dkim["Tokens"] ?? .list([])])
    }

    package init(identities: ResourceRegistry) { self.identities = identities }
}
