import AWSModel
import SESDomain
import SESWire

/// `PUT /v2/email/identities/{EmailIdentity}/dkim`: DKIM signing on or off (off unless
/// `SigningEnabled` is true); GetEmailIdentity reports it.
package struct PutEmailIdentityDkimAttributes: ModelOperation {
    package static let name = "PutEmailIdentityDkimAttributes"

    package let identities: ResourceRegistry

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        let enabled = input["SigningEnabled"]?.boolean ?? false
        try identities.modify(input["EmailIdentity"]?.string ?? "", atMillis: exchange.startedEpochMillis) { _ in
            [(EmailIdentityAttributes.dkimSigningEnabled, .bool(enabled))]
        }
        return .empty
    }

    package init(identities: ResourceRegistry) { self.identities = identities }
}
