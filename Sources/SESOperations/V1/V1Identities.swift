import AWSModel
import JSON
import SESDomain
import SESWire
import SigV4
import Support

/// What the SES v1 identity actions share: the one identity registry SESv2 uses (an identity
/// verified here is listed by ListEmailIdentities, and the reverse), verified at once.
enum V1Identities {
    static func invalid(_ message: String) -> AWSError { .custom(status: 400, code: "InvalidParameterValue", message: message) }

    /// Creates the identity unless it exists (verifying again is not an error in SES v1).
    static func verify(_ name: String, in identities: ResourceRegistry, atMillis now: Int64) throws(AWSError) {
        guard EmailIdentityAttributes.isWellFormed(name) else { throw invalid("Invalid identity: \(name)") }
        do { try identities.created.create(name: name, members: [("Tags", .array([]))], atMillis: now) } catch .alreadyExists {}
    }

    /// The domain's TXT verification token: stable for the name, in SES's base64 form.
    static func token(_ domain: String) -> String {
        Base64.encode(Array(SHA256.hash("verification\n" + domain.lowercased()).prefix(33)))
    }

    static func status(_ known: ResourceRegistry.Known) -> String { known.resource == nil ? "NotStarted" : "Success" }
}
