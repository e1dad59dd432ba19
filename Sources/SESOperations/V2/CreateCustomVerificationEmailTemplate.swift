import AWSModel
import JSON
import SESDomain
import SESWire

/// `POST /v2/email/custom-verification-email-templates`: at most 50 an account (SES's quota);
/// the sender must be a created identity (its address or domain).
package struct CreateCustomVerificationEmailTemplate: ModelOperation {
    package static let name = "CreateCustomVerificationEmailTemplate"
    package static let limit = 50

    package let templates: ResourceCollection
    package let sender: MailSender

    package func violations(_ value: ModelValue) -> [String] { Tags.violations(value["Tags"]) }

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        let name = try CreateEmailTemplate.checkName(input["TemplateName"]?.string ?? "")
        let members = try Self.members(input, sender: sender)
        if try templates.find(name) != nil { throw templates.alreadyExists(name) }
        guard try templates.all().count < Self.limit else {
            throw .limitExceeded("An account can have at most \(Self.limit) custom verification email templates.")
        }
        try templates.create(name: name, members: members + [("Tags", Tags.stored(input["Tags"]))], atMillis: exchange.startedEpochMillis)
        return .empty
    }

    /// The template's members as Create and Update take them, the sender checked.
    package static func members(_ input: ModelValue, sender: MailSender) throws(AWSError) -> [(String, JSONFragment)] {
        let from = try SendRequest.address(input["FromEmailAddress"]?.string ?? "")
        guard try sender.sendingIdentity(for: from) != nil else { throw .notFound("Email identity \(from.address) does not exist.") }
        return ["FromEmailAddress", "TemplateSubject", "TemplateContent", "SuccessRedirectionURL", "FailureRedirectionURL"].map {
            ($0, .string(input[$0]?.string ?? ""))
        }
    }

    package init(templates: ResourceCollection, sender: MailSender) {
        self.templates = templates
        self.sender = sender
    }
}
