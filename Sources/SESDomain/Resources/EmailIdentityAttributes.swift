import AWSModel
import JSON
import SESWire
import SigV4
import Support
/// What the identity operations say of an identity: one created through the API is verified at
/// once, DKIM signing on with tokens derived from the name (stable across calls and restarts);
/// one known from stored events only was never verified here (`NOT_STARTED`).
package enum EmailIdentityAttributes {
    package static func type(of name: String) -> String { name.contains("@") ? "EMAIL_ADDRESS" : "DOMAIN" }

    package static func verificationStatus(verified: Bool) -> String { verified ? "SUCCESS" : "NOT_STARTED" }

    /// Document members the identity settings operations write.
    package static let dkimSigningEnabled = "DkimSigningEnabled"
    package static let dkimSigning = "DkimSigning"
    package static let feedbackForwarding = "FeedbackForwardingStatus"
    package static let mailFrom = "MailFromAttributes"
    package static let policies = "Policies"

    /// The domain of an identity: itself, or an address's domain.
    package static func domain(of name: String) -> String {
        (name.split(separator: "@").last.map(String.init) ?? name).lowercased()
    }

    /// `DkimAttributes`: Easy DKIM's three tokens derived from the name, or BYODKIM's selector
    /// (`signing` as PutEmailIdentityDkimSigningAttributes stored it).
    package static func dkim(for name: String, createdMillis: Int64, verified: Bool = true, signingEnabled: Bool = true,
                             signing: JSONValue? = nil) -> ModelValue {
        var origin = "AWS_SES", selector: String?, nextLength = "RSA_2048_BIT"
        if case .object(let o)? = signing {
            if case .string(let v)? = o["SigningAttributesOrigin"] { origin = v }
            if case .string(let v)? = o["DomainSigningSelector"] { selector = v }
            if case .string(let v)? = o["NextSigningKeyLength"] { nextLength = v }
        }
        var members: [String: ModelValue] = [
            "SigningEnabled": .boolean(signingEnabled),
            "Status": .string(verificationStatus(verified: verified)),
            "SigningAttributesOrigin": .string(origin),
            "LastKeyGenerationTimestamp": .timestamp(Double(createdMillis) / 1000),
        ]
        if origin == "EXTERNAL" {
            members["Tokens"] = .list([.string(selector ?? "")])
        } else {
            let digest = Hex.encode(SHA256.hash(name.lowercased()))
            members["Tokens"] = .list((0..<3).map { i -> ModelValue in
                let start = digest.index(digest.startIndex, offsetBy: i * 16)
                return .string(String(digest[start..<digest.index(start, offsetBy: 16)]) + "dkim\(i + 1)")
            })
            members["NextSigningKeyLength"] = .string(nextLength)
            members["CurrentSigningKeyLength"] = .string("RSA_2048_BIT")
        }
        return .structure(members)
    }

    /// Signing attributes as stored: Easy DKIM's next key length, or BYODKIM's selector after its
    /// key is checked (the model's patterns, which these members are held to: a DNS label, base64).
    package static func signing(origin: String, _ attributes: ModelValue?) throws(AWSError) -> JSONFragment {
        guard origin == "EXTERNAL" else {
            return .object([("SigningAttributesOrigin", .string(origin)),
                            ("NextSigningKeyLength", .string(attributes?["NextSigningKeyLength"]?.string ?? "RSA_2048_BIT"))])
        }
        guard let selector = attributes?["DomainSigningSelector"]?.string, let key = attributes?["DomainSigningPrivateKey"]?.string else {
            throw .badRequest("BYODKIM (SigningAttributesOrigin EXTERNAL) needs SigningAttributes.DomainSigningSelector and DomainSigningPrivateKey.")
        }
        let label = selector.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        guard label, !selector.hasPrefix("-"), !selector.hasSuffix("-") else {
            throw .badRequest("Invalid DomainSigningSelector \(selector): a DNS label of letters, digits and inner hyphens.")
        }
        guard Base64.decode(key) != nil else { throw .badRequest("DomainSigningPrivateKey must be a base64-encoded private key.") }
        return .object([("SigningAttributesOrigin", .string(origin)), ("DomainSigningSelector", .string(selector))])
    }

    /// A created identity's `DkimAttributes`, with `signing` in place of the stored signing attributes when given.
    package static func dkim(for identity: Resource, signing: JSONFragment? = nil) -> ModelValue {
        var enabled = true
        if case .bool(let b)? = identity[dkimSigningEnabled] { enabled = b }
        let override: JSONValue? = signing.flatMap { try? JSONParser.parse($0.bytes) }
        return dkim(for: identity.name, createdMillis: identity.createdMillis, signingEnabled: enabled,
                    signing: override ?? identity[dkimSigning])
    }

    /// An identity as ListEmailIdentities lists it.
    package static func info(_ identity: ResourceRegistry.Known) -> ModelValue {
        .structure([
            "IdentityType": .string(type(of: identity.name)),
            "IdentityName": .string(identity.name),
            "SendingEnabled": .boolean(identity.resource != nil),
            "VerificationStatus": .string(verificationStatus(verified: identity.resource != nil)),
        ])
    }
}

extension EmailIdentityAttributes {
    /// An address with both halves, or a domain name: no spaces, no `*`, at most one `@`.
    package static func isWellFormed(_ name: String) -> Bool {
        guard !name.isEmpty, !name.contains(where: { $0.isWhitespace || $0 == "*" || $0 == "<" || $0 == ">" || $0 == "," }) else {
            return false
        }
        let parts = name.split(separator: "@", omittingEmptySubsequences: false)
        switch parts.count {
        case 1: return !name.hasPrefix(".") && !name.hasSuffix(".")
        case 2: return !parts[0].isEmpty && !parts[1].isEmpty
        default: return false
        }
    }
}
