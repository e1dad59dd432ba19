import JSON

/// `POST /v2/email/outbound-bulk-emails`: one templated message per entry, the entry's
/// replacement data over the default data; an entry with bad recipients or data gets its own
/// INVALID_PARAMETER result, and the others are sent (all in one transaction).
struct SendBulkEmail: SESOperation {
    static let name = "SendBulkEmail"
    static let maxEntries = 50

    let sender: MailSender

    struct Input: Sendable {
        /// One per entry: the message, or why the entry is refused.
        let entries: [Result<OutgoingMessage, AWSError>]
        let options: SendOptions
    }

    func decode(_ exchange: SESExchange) throws(AWSError) -> RequestBody {
        try RequestBody.parse(exchange.request.body)
    }

    func validate(_ body: RequestBody) throws(AWSError) -> Input {
        var v = ValidationViolations()
        let defaultContent = try body.object("DefaultContent")
        let entries = try body.objects("BulkEmailEntries")
        v.required(defaultContent, at: "defaultContent")
        v.required(entries, at: "bulkEmailEntries")
        if let error = v.error { throw error }
        guard let templateBody = try defaultContent!.object("Template") else {
            throw .badRequest("DefaultContent.Template is required: bulk email is sent from a template.")
        }
        let template = try SendRequest.template(templateBody, dataMember: "DefaultContent.Template.TemplateData")
        guard !entries!.isEmpty, entries!.count <= Self.maxEntries else {
            throw .badRequest("BulkEmailEntries must have between 1 and \(Self.maxEntries) entries, not \(entries!.count).")
        }
        guard let fromText = try body.string("FromEmailAddress") else { throw .badRequest("FromEmailAddress is required.") }
        let from = try SendRequest.address(fromText)
        let messages = entries!.map { entry -> Result<OutgoingMessage, AWSError> in
            do throws(AWSError) {
                return .success(try Self.message(entry, from: from, template: template))
            } catch {
                return .failure(error)
            }
        }
        return Input(entries: messages, options: try SendRequest.options(body, from: from))
    }

    private static func message(_ entry: RequestBody, from: EmailAddress, template: TemplateReference) throws(AWSError) -> OutgoingMessage {
        let (to, cc, bcc) = try SendRequest.destination(try entry.object("Destination"))
        var entryTemplate = template
        if let text = try entry.object("ReplacementEmailContent")?.object("ReplacementTemplate")?.string("ReplacementTemplateData") {
            let replacement = try TemplateReference.parseData(text, member: "ReplacementTemplateData")
            // Replacement values override the default ones key by key.
            let kept = template.data.members.filter { member in replacement[member.key] == nil }
            entryTemplate.data = JSONObject(members: kept + replacement.members)
            entryTemplate.dataText = text
        }
        let message = OutgoingMessage(from: from, to: to, cc: cc, bcc: bcc, content: .template(entryTemplate))
        try OutgoingMessage.checkRecipientCount(message.recipients.count)
        return message
    }

    func execute(_ input: Input, _ exchange: SESExchange) throws(AWSError) -> OperationResult {
        let context = try sender.prepare(input.options, region: SendRequest.region(exchange))
        let valid = input.entries.compactMap { try? $0.get() }
        var ids = try sender.send(valid, context: context, atMillis: exchange.startedEpochMillis).makeIterator()
        let results = input.entries.map { entry -> JSONFragment in
            switch entry {
            case .success:
                return .object([("Status", .string("SUCCESS")), ("MessageId", .string(ids.next() ?? ""))])
            case .failure(let error):
                return .object([("Status", .string("INVALID_PARAMETER")), ("Error", .string(error.message))])
            }
        }
        return OperationResult(body: JSONFragment.object([("BulkEmailEntryResults", .array(results))]).bytes)
    }
}
