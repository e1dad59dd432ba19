import AWSModel
import SESDomain
import SESWire

/// What SES v1's SendEmail, SendRawEmail and SendTemplatedEmail share: SESv2's checks and send
/// (MailSender), with the refusals in v1's codes: `ConfigurationSetDoesNotExist`,
/// `ConfigurationSetSendingPausedException`, `AccountSendingPausedException`,
/// `TemplateDoesNotExist`, `MessageRejected`, `InvalidParameterValue`.
enum V1Sending {
    static func refusal(_ code: String, _ message: String) -> AWSError { .custom(status: 400, code: code, message: message) }

    /// Sends `message` as SESv2's SendEmail does; returns its MessageId.
    static func send(_ message: OutgoingMessage, configurationSet: String?, sender: MailSender,
                     exchange: SESExchange) throws(AWSError) -> ModelValue {
        if let name = configurationSet {
            guard let set = try sender.configurationSets.find(name) else {
                throw refusal("ConfigurationSetDoesNotExist", "Configuration set <\(name)> does not exist.")
            }
            if set.resource?.bool(at: ["SendingOptions", "SendingEnabled"]) == false {
                throw refusal("ConfigurationSetSendingPausedException", "Sending is paused for configuration set \(name).")
            }
        }
        if case .template(let template) = message.content, let name = template.name, try sender.templates.find(name) == nil {
            throw refusal("TemplateDoesNotExist", "Template \(name) does not exist.")
        }
        guard sender.account.settings.sendingEnabled else {
            throw refusal("AccountSendingPausedException", "Sending is paused for this account.")
        }
        do {
            try OutgoingMessage.checkRecipientCount(message.recipients.count)
            let options = SendOptions(from: message.from, configurationSetName: configurationSet, tenant: nil)
            let context = try sender.prepare(options, region: SendRequest.region(exchange))
            let ids = try sender.send([message], context: context, atMillis: exchange.startedEpochMillis)
            return .structure(["MessageId": .string(ids[0])])
        } catch .badRequest(let text) {
            throw V1Identities.invalid(text)
        } catch .sendingPaused(let text) {
            // The account was checked above: this is the identity's default configuration set.
            throw refusal("ConfigurationSetSendingPausedException", text)
        }
    }

    /// An address as v1 takes it; one without both halves is InvalidParameterValue.
    static func address(_ text: String) throws(AWSError) -> EmailAddress {
        guard let address = EmailAddress(text) else { throw V1Identities.invalid("Illegal address: \(text)") }
        return address
    }

    static func destination(_ value: ModelValue?) throws(AWSError) -> (to: [String], cc: [String], bcc: [String]) {
        do { return try SendRequest.destination(value) } catch .badRequest(let text) { throw V1Identities.invalid(text) }
    }
}
