import SESDomain
import SESWire

/// `DELETE /v2/email/identities/{EmailIdentity}`: mail from it is refused again; its events stay.
package struct DeleteEmailIdentity: RemovalOperation {
    package static let name = "DeleteEmailIdentity"
    package static let nameMember = "EmailIdentity"

    package let identities: ResourceRegistry

    package init(identities: ResourceRegistry) { self.identities = identities }

    package func remove(_ name: String) throws(AWSError) { try identities.delete(name) }
}
