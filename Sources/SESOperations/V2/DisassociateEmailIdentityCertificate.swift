import AWSModel
import JSON
import SESDomain
import SESWire

/// `POST /v2/email/identity/certificates/delete`: the certificate of `FromAddress`, or of the identity.
package struct DisassociateEmailIdentityCertificate: ModelOperation {
    package static let name = "DisassociateEmailIdentityCertificate"

    package let identities: ResourceRegistry

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        let from = input["FromAddress"]?.string?.lowercased()
        try identities.modify(input["EmailIdentity"]?.string ?? "", atMillis: exchange.startedEpochMillis) { identity throws(AWSError) in
            let existing = IdentityCertificates.all(identity)
            guard existing.contains(where: { IdentityCertificates.fromAddress($0) == from }) else {
                throw .notFound("No certificate is associated with \(from ?? identity.name).")
            }
            return [(IdentityCertificates.member,
                     .array(existing.filter { IdentityCertificates.fromAddress($0) != from }.map { .json(.object($0)) }))]
        }
        return .empty
    }

    package init(identities: ResourceRegistry) { self.identities = identities }
}
