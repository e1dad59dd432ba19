/// `POST /v2/email/outbound-emails`: Simple, Raw or Template content; the message and its events
/// are stored (README, "Sending").
struct SendEmail: SESOperation {
    static let name = "SendEmail"

    let sender: MailSender

    struct Input: Sendable {
        let message: OutgoingMessage
        let options: SendOptions
    }

    func decode(_ exchange: SESExchange) throws(AWSError) -> RequestBody {
        try RequestBody.parse(exchange.request.body)
    }

    func validate(_ body: RequestBody) throws(AWSError) -> Input {
        var v = ValidationViolations()
        let content = try body.object("Content")
        v.required(content, at: "content")
        if let error = v.error { throw error }
        let simple = try content!.object("Simple"), raw = try content!.object("Raw"), template = try content!.object("Template")
        guard [simple, raw, template].compactMap({ $0 }).count == 1 else {
            throw .badRequest("Exactly one of Content.Simple, Content.Raw and Content.Template must be given.")
        }
        var (to, cc, bcc) = try SendRequest.destination(try body.object("Destination"))
        var from = try body.string("FromEmailAddress")
        let messageContent: OutgoingMessage.Content
        if let simple {
            let subject = try simple.object("Subject"), parts = try simple.object("Body")
            let subjectData = try subject?.string("Data")
            v.required(subject, at: "content.simple.subject")
            if subject != nil { v.required(subjectData, at: "content.simple.subject.data") }
            v.required(parts, at: "content.simple.body")
            if let error = v.error { throw error }
            messageContent = .simple(subject: subjectData ?? "", text: try parts?.object("Text")?.string("Data"),
                                     html: try parts?.object("Html")?.string("Data"))
        } else if let raw {
            let data = try raw.string("Data")
            v.required(data, at: "content.raw.data")
            if let error = v.error { throw error }
            guard let message = RawMessage(base64: data!) else {
                throw .serialization("Content.Raw.Data: the blob is not valid base64.")
            }
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
        return Input(message: message, options: try SendRequest.options(body, from: message.from))
    }

    func execute(_ input: Input, _ exchange: SESExchange) throws(AWSError) -> OperationResult {
        let context = try sender.prepare(input.options, region: SendRequest.region(exchange))
        let ids = try sender.send([input.message], context: context, atMillis: exchange.startedEpochMillis)
        return OperationResult(body: JSONFragment.object([("MessageId", .string(ids[0]))]).bytes)
    }
}
