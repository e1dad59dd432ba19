import AWSModel
import SESDomain
import SESWire

/// `GET /v2/email/identities/{EmailIdentity}/policies`: name → policy text.
package struct GetEmailIdentityPolicies: ModelOperation {
    package static let name = "GetEmailIdentityPolicies"

    package let identities: ResourceRegistry

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        .structure(["Policies": EmailIdentityPolicies.map(try identities.get(input["EmailIdentity"]?.string ?? "").resource)])
    }

    package init(identities: ResourceRegistry) { self.identities = identities }
}
