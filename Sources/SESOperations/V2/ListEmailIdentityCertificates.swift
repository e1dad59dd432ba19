import AWSModel
import JSON
import SESDomain
import SESWire

/// `POST /v2/email/identity/certificates/list`: in the order associated.
package struct ListEmailIdentityCertificates: ModelOperation {
    package static let name = "ListEmailIdentityCertificates"

    package let identities: ResourceRegistry

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        let identity = try identities.get(input["EmailIdentity"]?.string ?? "")
        let certificates = IdentityCertificates.all(identity.resource).enumerated().map { ($0.offset, $0.element) }
        return try PagedList.answer(input, certificates, member: "Certificates",
                                    key: { PagedList.position($0.0) }) { Self.wire.value(.json(.object($0.1)), as: "IdentityCertificate") }
    }

    package init(identities: ResourceRegistry) { self.identities = identities }
}
