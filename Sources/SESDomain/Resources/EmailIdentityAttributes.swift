import AWSModel
import SigV4
import Support
/// What the identity operations say of an identity: one created through the API is verified at
/// once, DKIM signing on with tokens derived from the name (stable across calls and restarts);
/// one known from stored events only was never verified here (`NOT_STARTED`).
package enum EmailIdentityAttributes {
    package static func type(of name: String) -> String { name.contains("@") ? "EMAIL_ADDRESS" : "DOMAIN" }

    package static func verificationStatus(verified: Bool) -> String { verified ? "SUCCESS" : "NOT_STARTED" }

    package static func dkim(for name: String, createdMillis: Int64, verified: Bool = true) -> ModelValue {
        let digest = Hex.encode(SHA256.hash(name.lowercased()))
        let tokens = (0..<3).map { i -> ModelValue in
            let start = digest.index(digest.startIndex, offsetBy: i * 16)
            return .string(String(digest[start..<digest.index(start, offsetBy: 16)]) + "dkim\(i + 1)")
        }
        return .structure([
            "SigningEnabled": .boolean(true),
            "Status": .string(verificationStatus(verified: verified)),
            "Tokens": .list(tokens),
            "SigningAttributesOrigin": .string("AWS_SES"),
            "NextSigningKeyLength": .string("RSA_2048_BIT"),
            "CurrentSigningKeyLength": .string("RSA_2048_BIT"),
            "LastKeyGenerationTimestamp": .timestamp(Double(createdMillis) / 1000),
        ])
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
