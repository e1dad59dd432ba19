import AWSModel
import JSON
import SESDomain
import SESWire

/// `POST /v2/email/identity/certificates`: a certificate for the identity, or for one sender
/// address of it (`FromAddress`); one each.
package struct AssociateEmailIdentityCertificate: ModelOperation {
    package static let name = "AssociateEmailIdentityCertificate"

    package let identities: ResourceRegistry

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        let arn = input["CertificateArn"]?.string ?? ""
        try IdentityCertificates.check(arn: arn)
        let from = try input["FromAddress"]?.string.map { text throws(AWSError) in try SendRequest.address(text) }
        try identities.modify(input["EmailIdentity"]?.string ?? "", atMillis: exchange.startedEpochMillis) { identity throws(AWSError) in
            if let from, from.domain != EmailIdentityAttributes.domain(of: identity.name) {
                throw .badRequest("FromAddress \(from.address) does not belong to email identity \(identity.name).")
            }
            let existing = IdentityCertificates.all(identity)
            if existing.contains(where: { IdentityCertificates.fromAddress($0) == from?.address.lowercased() }) {
                throw .alreadyExists("A certificate is already associated with \(from?.address ?? identity.name).")
            }
            var certificate: [(String, JSONFragment)] = []
            if let from { certificate.append(("FromAddress", .string(from.address))) }
            certificate += [("CertificateArn", .string(arn)), ("Status", .string("ACTIVE"))]
            return [(IdentityCertificates.member, .array(existing.map { .json(.object($0)) } + [.object(certificate)]))]
        }
        return .empty
    }

    package init(identities: ResourceRegistry) { self.identities = identities }
}
