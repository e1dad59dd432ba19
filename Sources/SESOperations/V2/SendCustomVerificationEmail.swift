import AWSModel
import JSON
import SESDomain
import SESWire

/// `POST /v2/email/outbound-custom-verification-emails`: as AWS, adds the address as an email
/// identity (verified at once here, like every identity) and sends the template's mail to it from
/// the template's sender, through the configuration set if one is named: a sent message with its
/// events, visible in `/_aws/ses`.
package struct SendCustomVerificationEmail: ModelOperation {
    package static let name = "SendCustomVerificationEmail"

    package let templates: ResourceCollection
    package let sender: MailSender

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        let address = try SendRequest.address(input["EmailAddress"]?.string ?? "")
        let template = try templates.get(input["TemplateName"]?.string ?? "")
        let from = try SendRequest.address(template.string(at: ["FromEmailAddress"]) ?? "")
        let options = SendOptions(from: from, configurationSetName: input["ConfigurationSetName"]?.string, tenant: nil)
        let context = try sender.prepare(options, region: SendRequest.region(exchange))
        do {
            try sender.identities.created.create(name: address.address, members: [("Tags", .array([]))], atMillis: exchange.startedEpochMillis)
        } catch .alreadyExists {}
        let message = OutgoingMessage(from: from, to: [address.address], cc: [], bcc: [],
                                      content: .simple(subject: template.string(at: ["TemplateSubject"]) ?? "", text: nil,
                                                       html: template.string(at: ["TemplateContent"])))
        let ids = try sender.send([message], context: context, atMillis: exchange.startedEpochMillis)
        return .structure(["MessageId": .string(ids[0])])
    }

    package init(templates: ResourceCollection, sender: MailSender) {
        self.templates = templates
        self.sender = sender
    }
}
