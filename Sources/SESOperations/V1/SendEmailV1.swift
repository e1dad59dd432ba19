import AWSModel
import SESDomain
import SESWire

/// SES v1 `SendEmail`: `Source`, `Destination`, `Message` (Subject, Text and/or Html body), sent
/// as SESv2's SendEmail sends Simple content: the same checks, events and `/_aws/ses` record.
package struct SendEmailV1: ModelOperation {
    package static let name = "SendEmail"
    package static let wire = ModelWire.ses

    package let sender: MailSender

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        let (to, cc, bcc) = try V1Sending.destination(input["Destination"])
        let message = input["Message"], body = message?["Body"]
        let content = OutgoingMessage.Content.simple(subject: message?["Subject"]?["Data"]?.string ?? "",
                                                     text: body?["Text"]?["Data"]?.string, html: body?["Html"]?["Data"]?.string)
        let outgoing = OutgoingMessage(from: try V1Sending.address(input["Source"]?.string ?? ""), to: to, cc: cc, bcc: bcc, content: content)
        return try V1Sending.send(outgoing, configurationSet: input["ConfigurationSetName"]?.string, sender: sender, exchange: exchange)
    }

    package init(sender: MailSender) { self.sender = sender }
}
