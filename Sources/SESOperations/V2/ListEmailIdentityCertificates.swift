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
                                    key: { Self.position($0.0) }) { Self.wire.value(.json(.object($0.1)), as: "IdentityCertificate") }
    }

    /// A position as a token that sorts as the positions do.
    private static func position(_ i: Int) -> String {
        let digits = String(i)
        return String(repeating: "0", count: max(0, 8 - digits.count)) + digits
    }

    package init(identities: ResourceRegistry) { self.identities = identities }
}
