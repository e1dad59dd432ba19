import AWSModel
import SESDomain
import SESWire

/// `PUT /v2/email/identities/{EmailIdentity}/feedback`: feedback forwarding on or off (off unless
/// `EmailForwardingEnabled` is true); reported as GetEmailIdentity's FeedbackForwardingStatus.
package struct PutEmailIdentityFeedbackAttributes: ModelOperation {
    package static let name = "PutEmailIdentityFeedbackAttributes"

    package let identities: ResourceRegistry

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        let enabled = input["EmailForwardingEnabled"]?.boolean ?? false
        try identities.modify(input["EmailIdentity"]?.string ?? "", atMillis: exchange.startedEpochMillis) { _ in
            [(EmailIdentityAttributes.feedbackForwarding, .bool(enabled))]
        }
        return .empty
    }

    package init(identities: ResourceRegistry) { self.identities = identities }
}
