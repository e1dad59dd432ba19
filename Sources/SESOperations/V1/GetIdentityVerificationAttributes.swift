import AWSModel
import SESDomain
import SESWire

/// SES v1 `GetIdentityVerificationAttributes`: `Success` for an identity created through either
/// API, `NotStarted` for one only stored events name; identities unknown are left out, as at AWS.
package struct GetIdentityVerificationAttributes: ModelOperation {
    package static let name = "GetIdentityVerificationAttributes"
    package static let wire = ModelWire.ses
    package let identities: ResourceRegistry

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        var entries: [ModelValue.MapEntry] = []
        for name in input["Identities"]?.list?.compactMap(\.string) ?? [] {
            guard let known = try identities.find(name) else { continue }
            var attributes: [String: ModelValue] = ["VerificationStatus": .string(V1Identities.status(known))]
            if !name.contains("@") { attributes["VerificationToken"] = .string(V1Identities.token(name)) }
            entries.append(ModelValue.MapEntry(name, .structure(attributes)))
        }
        return .structure(["VerificationAttributes": .map(entries)])
    }

    package init(identities: ResourceRegistry) { self.identities = identities }
}
