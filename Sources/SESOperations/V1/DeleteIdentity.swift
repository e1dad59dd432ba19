import AWSModel
import SESDomain
import SESWire

/// SES v1 `DeleteIdentity`: removes an identity created through either API; an identity that is
/// not one is no error, as at AWS.
package struct DeleteIdentity: ModelOperation {
    package static let name = "DeleteIdentity"
    package static let wire = ModelWire.ses
    package let identities: ResourceRegistry

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        let name = input["Identity"]?.string ?? input["EmailAddress"]?.string ?? ""
        if try identities.created.find(name) != nil { try identities.created.delete(name) }
        return .empty
    }

    package init(identities: ResourceRegistry) { self.identities = identities }
}
