import AWSModel
import JSON
import SESDomain
import SESWire

/// `POST /v2/email/outbound-bulk-emails`: one templated message per entry, the entry's
/// replacement data over the default data; an entry with bad recipients or data gets its own
/// INVALID_PARAMETER result, and the others are sent (all in one transaction).
package struct SendBulkEmail: ModelOperation {
    package static let name = "SendBulkEmail"
    package static let maxEntries = 50

    package let sender: MailSender

    package struct Input: Sendable {
        /// One per entry: the message, or why the entry is refused.
        package let entries: [Result<OutgoingMessage, AWSError>]
        package let options: SendOptions
    }

    package func input(_ value: ModelValue) throws(AWSError) -> Input {
        guard let templateValue = value["DefaultContent"]?["Template"] else {
            throw .badRequest("DefaultContent.Template is required: bulk email is sent from a template.")
        }
        let template = try SendRequest.template(templateValue, dataMember: "DefaultContent.Template.TemplateData")
        let entries = value["BulkEmailEntries"]?.list ?? []
        guard !entries.isEmpty, entries.count <= Self.maxEntries else {
            throw .badRequest("BulkEmailEntries must have between 1 and \(Self.maxEntries) entries, not \(entries.count).")
        }
        guard let fromText = value["FromEmailAddress"]?.string else { throw .badRequest("FromEmailAddress is required.") }
        let from = try SendRequest.address(fromText)
        let messages = entries.map { entry -> Result<OutgoingMessage, AWSError> in
            do throws(AWSError) {
                return .success(try Self.message(entry, from: from, template: template))
            } catch {
                return .failure(error)
            }
        }
        return Input(entries: messages, options: try SendRequest.options(value, from: from))
    }

    private static func message(_ entry: ModelValue, from: EmailAddress, template: TemplateReference) throws(AWSError) -> OutgoingMessage {
        let (to, cc, bcc) = try SendRequest.destination(entry["Destination"])
        var entryTemplate = template
        if let text = entry["ReplacementEmailContent"]?["ReplacementTemplate"]?["ReplacementTemplateData"]?.string {
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

    package func handle(_ input: Input, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        let context = try sender.prepare(input.options, region: SendRequest.region(exchange))
        let valid = input.entries.compactMap { try? $0.get() }
        var ids = try sender.send(valid, context: context, atMillis: exchange.startedEpochMillis).makeIterator()
        let results = input.entries.map { entry -> ModelValue in
            switch entry {
            case .success:
                return .structure(["Status": .string("SUCCESS"), "MessageId": .string(ids.next() ?? "")])
            case .failure(let error):
                return .structure(["Status": .string("INVALID_PARAMETER"), "Error": .string(error.message)])
            }
        }
        return .structure(["BulkEmailEntryResults": .list(results)])
    }

    package init(sender: MailSender) { self.sender = sender }
}
