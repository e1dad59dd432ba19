import AWSModel
import JSON
import SESDomain
import SESWire

/// `PUT /v2/email/identities/{EmailIdentity}/mail-from`: a custom MAIL FROM domain, a subdomain of
/// the identity's domain, `SUCCESS` at once (no DNS here); without `MailFromDomain` the custom
/// domain is removed.
package struct PutEmailIdentityMailFromAttributes: ModelOperation {
    package static let name = "PutEmailIdentityMailFromAttributes"

    package let identities: ResourceRegistry

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        let domain = input["MailFromDomain"]?.string
        let behavior = input["BehaviorOnMxFailure"]?.string ?? "USE_DEFAULT_VALUE"
        try identities.modify(input["EmailIdentity"]?.string ?? "", atMillis: exchange.startedEpochMillis) { identity throws(AWSError) in
            guard let domain else { return [(EmailIdentityAttributes.mailFrom, .null)] }
            let parent = EmailIdentityAttributes.domain(of: identity.name)
            guard domain.lowercased().hasSuffix("." + parent), EmailIdentityAttributes.isWellFormed(domain), !domain.contains("@") else {
                throw .badRequest("The MAIL FROM domain \(domain) must be a subdomain of \(parent).")
            }
            return [(EmailIdentityAttributes.mailFrom, .object([("MailFromDomain", .string(domain)),
                                                                ("MailFromDomainStatus", .string("SUCCESS")),
                                                                ("BehaviorOnMxFailure", .string(behavior))]))]
        }
        return .empty
    }

    package init(identities: ResourceRegistry) { self.identities = identities }
}
