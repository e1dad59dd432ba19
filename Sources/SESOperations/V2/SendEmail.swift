import AWSModel
import SESDomain
import SESWire

/// `POST /v2/email/outbound-emails`: Simple, Raw or Template content; the message and its events
/// are stored (docs/sending.md).
package struct SendEmail: ModelOperation {
    package static let name = "SendEmail"

    package let sender: MailSender

    package struct Input: Sendable {
        package let message: OutgoingMessage
        package let options: SendOptions
    }

    package func input(_ value: ModelValue) throws(AWSError) -> Input {
        let content = value["Content"]
        let simple = content?["Simple"], raw = content?["Raw"], template = content?["Template"]
        guard [simple, raw, template].compactMap({ $0 }).count == 1 else {
            throw .badRequest("Exactly one of Content.Simple, Content.Raw and Content.Template must be given.")
        }
        var (to, cc, bcc) = try SendRequest.destination(value["Destination"])
        var from = value["FromEmailAddress"]?.string
        let messageContent: OutgoingMessage.Content
        if let simple {
            let body = simple["Body"]
            messageContent = .simple(subject: simple["Subject"]?["Data"]?.string ?? "", text: body?["Text"]?["Data"]?.string,
                                     html: body?["Html"]?["Data"]?.string)
        } else if let raw {
            let message = RawMessage(bytes: raw["Data"]?.blob ?? [])
            // Without a Destination the recipients are the message's own To, Cc and Bcc.
            if to.isEmpty && cc.isEmpty && bcc.isEmpty {
                (to, cc, bcc) = (message.to, message.cc, message.bcc)
                for address in to + cc + bcc { _ = try SendRequest.address(address) }
            }
            if from == nil {
                guard let header = message.from else { throw .badRequest("Missing required header 'From'.") }
                from = header
            }
            messageContent = .raw(message)
        } else {
            messageContent = .template(try SendRequest.template(template!, dataMember: "Content.Template.TemplateData"))
        }
        guard let from else { throw .badRequest("FromEmailAddress is required for Simple and Template content.") }
        let message = OutgoingMessage(from: try SendRequest.address(from), to: to, cc: cc, bcc: bcc, content: messageContent)
        try OutgoingMessage.checkRecipientCount(message.recipients.count)
        return Input(message: message, options: try SendRequest.options(value, from: message.from))
    }

    package func handle(_ input: Input, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        let context = try sender.prepare(input.options, region: SendRequest.region(exchange))
        let ids = try sender.send([input.message], context: context, atMillis: exchange.startedEpochMillis)
        return .structure(["MessageId": .string(ids[0])])
    }

    package init(sender: MailSender) { self.sender = sender }
}
