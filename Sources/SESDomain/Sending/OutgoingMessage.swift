import AWSModel
import JSON
import SESWire

/// One message as SendEmail (or one entry of SendBulkEmail) asks for it, validated.
package struct OutgoingMessage: Sendable {
    /// The sender as written: FromEmailAddress, else the raw message's From header.
    package var from: EmailAddress
    package var to: [String]
    package var cc: [String]
    package var bcc: [String]
    package var content: Content

    package enum Content: Sendable {
        case simple(subject: String, text: String?, html: String?)
        case raw(RawMessage)
        case template(TemplateReference)
    }

    /// Every recipient, in order To, Cc, Bcc.
    package var recipients: [String] { to + cc + bcc }

    /// SES's limit on recipients per message.
    package static let maxRecipients = 50

    /// The recipient-count rule (BadRequest), worded in AWS's style.
    package static func checkRecipientCount(_ count: Int) throws(AWSError) {
        if count == 0 { throw .badRequest("The message must have at least one recipient in ToAddresses, CcAddresses or BccAddresses.") }
        if count > maxRecipients { throw .badRequest("Recipient count exceeds \(maxRecipients).") }
    }

    package init(from: EmailAddress, to: [String], cc: [String], bcc: [String], content: Content) {
        self.from = from
        self.to = to
        self.cc = cc
        self.bcc = bcc
        self.content = content
    }
}

/// Template content by name (stored with CreateEmailTemplate) or given inline, with its data.
package struct TemplateReference: Sendable {
    package var name: String?
    package var inline: TemplateContent?
    package var data: JSONObject
    /// TemplateData as sent (the inspection endpoint shows it).
    package var dataText: String

    /// Parses TemplateData: a JSON object or the BadRequest saying why not.
    package static func parseData(_ text: String?, member: String) throws(AWSError) -> JSONObject {
        guard let text else { return JSONObject(members: []) }
        guard text.utf8.count <= 262_144 else {
            throw .badRequest("1 validation error detected: Value at '\(member)' failed to satisfy constraint: Member must have length less than or equal to 262144")
        }
        let value: JSONValue
        do {
            value = try JSONParser.parse(Array(text.utf8))
        } catch {
            throw .badRequest("Invalid \(member): it must be a JSON object of replacement values (\(error.description)).")
        }
        guard case .object(let object) = value else {
            throw .badRequest("Invalid \(member): it must be a JSON object of replacement values, not \(value.typeName).")
        }
        return object
    }
}

/// A template's subject and parts.
package struct TemplateContent: Sendable, Equatable {
    package var subject: String?
    package var text: String?
    package var html: String?

    package func rendered(with data: JSONObject) -> TemplateContent {
        TemplateContent(subject: subject.map { TemplateRenderer.render($0, data: data) },
                        text: text.map { TemplateRenderer.render($0, data: data) },
                        html: html.map { TemplateRenderer.render($0, data: data) })
    }

    package var fragment: JSONFragment {
        var members: [(String, JSONFragment)] = []
        if let subject { members.append(("Subject", .string(subject))) }
        if let text { members.append(("Text", .string(text))) }
        if let html { members.append(("Html", .string(html))) }
        return .object(members)
    }

    /// `TemplateContent` of a checked input value.
    package init(_ value: ModelValue?) {
        self.init(subject: value?["Subject"]?.string, text: value?["Text"]?.string, html: value?["Html"]?.string)
    }

    /// Reads back what `fragment` wrote.
    package init(stored value: JSONValue?) {
        guard case .object(let o)? = value else { return }
        if case .string(let s)? = o["Subject"] { subject = s }
        if case .string(let s)? = o["Text"] { text = s }
        if case .string(let s)? = o["Html"] { html = s }
    }

    package init(subject: String? = nil, text: String? = nil, html: String? = nil) {
        self.subject = subject
        self.text = text
        self.html = html
    }
}
