import AWSModel
import SESDomain
import SESWire

/// `POST /v2/email/identities/{EmailIdentity}/policies/{PolicyName}`: at most 20 an identity; the
/// policy is checked as a JSON policy document.
package struct CreateEmailIdentityPolicy: ModelOperation {
    package static let name = "CreateEmailIdentityPolicy"

    package let identities: ResourceRegistry

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        let name = input["PolicyName"]?.string ?? "", policy = input["Policy"]?.string ?? ""
        try EmailIdentityPolicies.check(name: name, policy: policy)
        try identities.modify(input["EmailIdentity"]?.string ?? "", atMillis: exchange.startedEpochMillis) { identity throws(AWSError) in
            let policies = EmailIdentityPolicies.all(identity)
            if policies.contains(where: { $0.name == name }) {
                throw .alreadyExists("Policy \(name) already exists for email identity \(identity.name).")
            }
            guard policies.count < EmailIdentityPolicies.limit else {
                throw .limitExceeded("Email identity \(identity.name) has \(EmailIdentityPolicies.limit) policies, the most it can have.")
            }
            return [(EmailIdentityAttributes.policies, EmailIdentityPolicies.fragment(policies + [(name, policy)]))]
        }
        return .empty
    }

    package init(identities: ResourceRegistry) { self.identities = identities }
}
