import AWSModel
import SESDomain
import SESWire

/// SES v1 `VerifyDomainIdentity`: the domain becomes a verified identity; answers its token.
package struct VerifyDomainIdentity: ModelOperation {
    package static let name = "VerifyDomainIdentity"
    package static let wire = ModelWire.ses
    package let identities: ResourceRegistry

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        let domain = input["Domain"]?.string ?? ""
        guard !domain.contains("@") else { throw V1Identities.invalid("Invalid domain name: \(domain)") }
        try V1Identities.verify(domain, in: identities, atMillis: exchange.startedEpochMillis)
        return .structure(["VerificationToken": .string(V1Identities.token(domain))])
    }

    package init(identities: ResourceRegistry) { self.identities = identities }
}
