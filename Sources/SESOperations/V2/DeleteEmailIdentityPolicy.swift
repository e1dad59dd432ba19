import AWSModel
import SESDomain
import SESWire

/// `DELETE /v2/email/identities/{EmailIdentity}/policies/{PolicyName}`.
package struct DeleteEmailIdentityPolicy: ModelOperation {
    package static let name = "DeleteEmailIdentityPolicy"

    package let identities: ResourceRegistry

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        let name = input["PolicyName"]?.string ?? ""
        try identities.modify(input["EmailIdentity"]?.string ?? "", atMillis: exchange.startedEpochMillis) { identity throws(AWSError) in
            let policies = EmailIdentityPolicies.all(identity)
            guard policies.contains(where: { $0.name == name }) else { throw EmailIdentityPolicies.notFound(name, identity: identity.name) }
            return [(EmailIdentityAttributes.policies, EmailIdentityPolicies.fragment(policies.filter { $0.name != name }))]
        }
        return .empty
    }

    package init(identities: ResourceRegistry) { self.identities = identities }
}
