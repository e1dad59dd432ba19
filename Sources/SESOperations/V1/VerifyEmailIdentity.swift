import AWSModel
import SESDomain
import SESWire

/// SES v1 `VerifyEmailIdentity`: the address becomes a verified identity.
package struct VerifyEmailIdentity: ModelOperation {
    package static let name = "VerifyEmailIdentity"
    package static let wire = ModelWire.ses
    package let identities: ResourceRegistry

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        let address = input["EmailAddress"]?.string ?? ""
        guard EmailAddress(address) != nil else { throw V1Identities.invalid("Invalid email address<\(address)>.") }
        try V1Identities.verify(address, in: identities, atMillis: exchange.startedEpochMillis)
        return .empty
    }

    package init(identities: ResourceRegistry) { self.identities = identities }
}
