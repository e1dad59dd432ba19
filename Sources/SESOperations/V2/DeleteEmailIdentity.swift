import AWSModel
import SESDomain
import SESWire

/// `DELETE /v2/email/identities/{EmailIdentity}`: mail from it is refused again; its events stay.
package struct DeleteEmailIdentity: ModelOperation {
    package static let name = "DeleteEmailIdentity"

    package let identities: ResourceRegistry

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        try identities.delete(input["EmailIdentity"]?.string ?? "")
        return .empty
    }

    package init(identities: ResourceRegistry) {
        self.identities = identities
    }
}
