import AWSModel
import JSON
import SESDomain
import SESWire

/// `POST /v2/email/identities`: the identity is verified at once (no DNS here), DKIM `SUCCESS`.
package struct CreateEmailIdentity: ModelOperation {
    package static let name = "CreateEmailIdentity"

    package let identities: ResourceRegistry
    package let configurationSets: ResourceRegistry

    package struct Input: Sendable {
        package let name: String
        package let tags: JSONFragment
        package let configurationSetName: String?
        /// BYODKIM or Easy DKIM signing attributes given at creation.
        package let signing: JSONFragment?
    }

    package func violations(_ value: ModelValue) -> [String] { Tags.violations(value["Tags"]) }

    package func input(_ value: ModelValue) throws(AWSError) -> Input {
        guard let name = value["EmailIdentity"]?.string, EmailIdentityAttributes.isWellFormed(name) else {
            throw .badRequest("Invalid email identity provided.")
        }
        let attributes = value["DkimSigningAttributes"]
        let origin = attributes?["DomainSigningAttributesOrigin"]?.string
            ?? (attributes?["DomainSigningSelector"] != nil ? "EXTERNAL" : "AWS_SES")
        let signing = try attributes.map { a throws(AWSError) in try EmailIdentityAttributes.signing(origin: origin, a) }
        if signing != nil, EmailIdentityAttributes.type(of: name) != "DOMAIN" {
            throw .badRequest("DKIM signing attributes can be set for domain identities only; \(name) is an email address.")
        }
        return Input(name: name, tags: Tags.stored(value["Tags"]), configurationSetName: value["ConfigurationSetName"]?.string,
                     signing: signing)
    }

    package func handle(_ input: Input, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        if let set = input.configurationSetName { _ = try configurationSets.get(set) }
        var members: [(String, JSONFragment)] = [("Tags", input.tags)]
        if let set = input.configurationSetName { members.append(("ConfigurationSetName", .string(set))) }
        if let signing = input.signing { members.append((EmailIdentityAttributes.dkimSigning, signing)) }
        try identities.created.create(name: input.name, members: members, atMillis: exchange.startedEpochMillis)
        let identity = try identities.created.get(input.name)
        return .structure([
            "IdentityType": .string(EmailIdentityAttributes.type(of: input.name)),
            "VerifiedForSendingStatus": .boolean(true),
            "DkimAttributes": EmailIdentityAttributes.dkim(for: identity),
        ])
    }

    package init(identities: ResourceRegistry, configurationSets: ResourceRegistry) {
        self.identities = identities
        self.configurationSets = configurationSets
    }
}
