import AWSModel
import SESDomain
import SESWire

/// SES v1 `GetIdentityDkimAttributes`: signing on or off (SetIdentityDkimEnabled, SESv2's
/// PutEmailIdentityDkimAttributes), the status, and a domain's tokens.
package struct GetIdentityDkimAttributes: ModelOperation {
    package static let name = "GetIdentityDkimAttributes"
    package static let wire = ModelWire.ses
    package let identities: ResourceRegistry

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        var entries: [ModelValue.MapEntry] = []
        for name in input["Identities"]?.list?.compactMap(\.string) ?? [] {
            guard let known = try identities.find(name) else { continue }
            var attributes: [String: ModelValue] = ["DkimEnabled": .boolean(false), "DkimVerificationStatus": .string("NotStarted")]
            if let resource = known.resource {
                let dkim = EmailIdentityAttributes.dkim(for: resource)
                attributes = ["DkimEnabled": dkim["SigningEnabled"] ?? .boolean(true), "DkimVerificationStatus": .string("Success")]
                if !name.contains("@") { attributes["DkimTokens"] = dkim["Tokens"] }
            }
            entries.append(ModelValue.MapEntry(name, .structure(attributes)))
        }
        return .structure(["DkimAttributes": .map(entries)])
    }

    package init(identities: ResourceRegistry) { self.identities = identities }
}
