import AWSModel
import JSON
import SESDomain
import SESWire

/// `PUT /v2/email/identities/{EmailIdentity}/dkim/signing`: Easy DKIM (`AWS_SES`, with the next
/// key length) or BYODKIM (`EXTERNAL`, a selector and a private key, which is checked and never
/// shown again), for domain identities. DKIM is `SUCCESS` at once (no DNS here).
package struct PutEmailIdentityDkimSigningAttributes: ModelOperation {
    package static let name = "PutEmailIdentityDkimSigningAttributes"

    package let identities: ResourceRegistry

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        let name = input["EmailIdentity"]?.string ?? ""
        let origin = input["SigningAttributesOrigin"]?.string ?? ""
        let signing = try EmailIdentityAttributes.signing(origin: origin, input["SigningAttributes"])
        var answer: ModelValue = .empty
        try identities.modify(name, atMillis: exchange.startedEpochMillis) { identity throws(AWSError) in
            guard EmailIdentityAttributes.type(of: identity.name) == "DOMAIN" else {
                throw .badRequest("DKIM signing attributes can be set for domain identities only; \(identity.name) is an email address.")
            }
            let stored: [(String, JSONFragment)] = [(EmailIdentityAttributes.dkimSigning, signing)]
            let dkim = EmailIdentityAttributes.dkim(for: identity, signing: signing)
            answer = .structure(["DkimStatus": dkim["Status"] ?? .string("SUCCESS"), "DkimTokens": dkim["Tokens"] ?? .list([])])
            return stored
        }
        return answer
    }

    package init(identities: ResourceRegistry) { self.identities = identities }
}
