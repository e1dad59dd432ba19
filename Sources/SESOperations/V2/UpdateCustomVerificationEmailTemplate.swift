import AWSModel
import JSON
import SESDomain
import SESWire

/// `PUT /v2/email/custom-verification-email-templates/{TemplateName}`: every member replaced; tags stay.
package struct UpdateCustomVerificationEmailTemplate: ModelOperation {
    package static let name = "UpdateCustomVerificationEmailTemplate"

    package let templates: ResourceCollection
    package let sender: MailSender

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        let members = try CreateCustomVerificationEmailTemplate.members(input, sender: sender)
        try templates.modify(input["TemplateName"]?.string ?? "") { _ in members }
        return .empty
    }

    package init(templates: ResourceCollection, sender: MailSender) {
        self.templates = templates
        self.sender = sender
    }
}
