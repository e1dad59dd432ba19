import AWSModel
import SESDomain
import SESWire

/// SES v1 `VerifyEmailAddress` (the older name of VerifyEmailIdentity).
package struct VerifyEmailAddress: ModelOperation {
    package static let name = "VerifyEmailAddress"
    package static let wire = ModelWire.ses
    package let identities: ResourceRegistry

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        try VerifyEmailIdentity(identities: identities).handle(input, exchange)
    }

    package init(identities: ResourceRegistry) { self.identities = identities }
}
