/// `GET /v2/email/identities/{EmailIdentity}`: a created identity, or one stored events name.
struct GetEmailIdentity: SESOperation {
    static let name = "GetEmailIdentity"

    let identities: ResourceRegistry

    func decode(_ exchange: SESExchange) throws(AWSError) -> String {
        exchange.pathParameters["EmailIdentity"] ?? ""
    }

    func execute(_ name: String, _ exchange: SESExchange) throws(AWSError) -> OperationResult {
        let identity = try identities.get(name)
        // An identity known from events only has no creation time of its own.
        let created = identity.resource?.createdMillis ?? 0
        let verified = identity.resource != nil
        var members: [(String, JSONFragment)] = [
            ("IdentityType", .string(EmailIdentityAttributes.type(of: identity.name))),
            ("FeedbackForwardingStatus", .bool(true)),
            ("VerifiedForSendingStatus", .bool(verified)),
            ("DkimAttributes", EmailIdentityAttributes.dkim(for: identity.name, createdMillis: created, verified: verified)),
            ("Policies", .object([])),
            ("Tags", identity.resource?["Tags"].map { .json($0) } ?? .array([])),
        ]
        if case .string(let set)? = identity.resource?["ConfigurationSetName"] {
            members.append(("ConfigurationSetName", .string(set)))
        }
        members.append(("VerificationStatus", .string(EmailIdentityAttributes.verificationStatus(verified: verified))))
        if verified {
            members.append(("VerificationInfo", .object([("LastCheckedTimestamp", .double(Double(created) / 1000)),
                                                         ("LastSuccessTimestamp", .double(Double(created) / 1000))])))
        }
        return OperationResult(body: JSONFragment.object(members).bytes)
    }
}
