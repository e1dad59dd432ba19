import AWSModel
import JSON
import SESDomain
import SESWire

/// `GET /v2/email/identities/{EmailIdentity}`: a created identity, or one stored events name.
package struct GetEmailIdentity: ModelOperation {
    package static let name = "GetEmailIdentity"

    package let identities: ResourceRegistry

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        let identity = try identities.get(input["EmailIdentity"]?.string ?? "")
        // An identity known from events only has no creation time of its own.
        let created = identity.resource?.createdMillis ?? 0
        let verified = identity.resource != nil
        var feedback = true
        if case .bool(let b)? = identity.resource?[EmailIdentityAttributes.feedbackForwarding] { feedback = b }
        var members: [String: ModelValue] = [
            "IdentityType": .string(EmailIdentityAttributes.type(of: identity.name)),
            "FeedbackForwardingStatus": .boolean(feedback),
            "VerifiedForSendingStatus": .boolean(verified),
            "DkimAttributes": identity.resource.map { EmailIdentityAttributes.dkim(for: $0) }
                ?? EmailIdentityAttributes.dkim(for: identity.name, createdMillis: created, verified: false),
            "Policies": EmailIdentityPolicies.map(identity.resource),
            "Tags": identity.resource.map { Self.wire.value(.json($0["Tags"] ?? .array([])), as: "TagList") } ?? .list([]),
            "VerificationStatus": .string(EmailIdentityAttributes.verificationStatus(verified: verified)),
        ]
        if case .string(let set)? = identity.resource?["ConfigurationSetName"] { members["ConfigurationSetName"] = .string(set) }
        if let mailFrom = identity.resource?[EmailIdentityAttributes.mailFrom], case .object = mailFrom {
            members["MailFromAttributes"] = Self.wire.value(.json(mailFrom), as: "MailFromAttributes")
        }
        if verified {
            members["VerificationInfo"] = .structure(["LastCheckedTimestamp": .timestamp(Double(created) / 1000),
                                                      "LastSuccessTimestamp": .timestamp(Double(created) / 1000)])
        }
        return .structure(members)
    }

    package init(identities: ResourceRegistry) { self.identities = identities }
}
