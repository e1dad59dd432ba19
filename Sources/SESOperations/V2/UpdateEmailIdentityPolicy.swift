import AWSModel
import SESDomain
import SESWire

/// `PUT /v2/email/identities/{EmailIdentity}/policies/{PolicyName}`: the policy's document replaced.
package struct UpdateEmailIdentityPolicy: ModelOperation {
    package static let name = "UpdateEmailIdentityPolicy"

    package let identities: ResourceRegistry

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        let name = input["PolicyName"]?.string ?? "", policy = input["Policy"]?.string ?? ""
        try EmailIdentityPolicies.check(name: name, policy: policy)
        try identities.modify(input["EmailIdentity"]?.string ?? "", atMillis: exchange.startedEpochMillis) { identity throws(AWSError) in
            var policies = EmailIdentityPolicies.all(identity)
            guard let i = policies.firstIndex(where: { $0.name == name }) else { throw EmailIdentityPolicies.notFound(name, identity: identity.name) }
            policies[i].policy = policy
            return [(EmailIdentityAttributes.policies, EmailIdentityPolicies.fragment(policies))]
        }
        return .empty
    }

    package init(identities: ResourceRegistry) { self.identities = identities }
}
