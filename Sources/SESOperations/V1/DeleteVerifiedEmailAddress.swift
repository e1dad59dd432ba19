import AWSModel
import SESDomain
import SESWire

/// SES v1 `DeleteVerifiedEmailAddress` (the older DeleteIdentity for addresses).
package struct DeleteVerifiedEmailAddress: ModelOperation {
    package static let name = "DeleteVerifiedEmailAddress"
    package static let wire = ModelWire.ses
    package let identities: ResourceRegistry

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        try DeleteIdentity(identities: identities).handle(input, exchange)
    }

    package init(identities: ResourceRegistry) { self.identities = identities }
}
