import AWSModel
import SESDomain
import SESWire

/// SES v1 `SendRawEmail`: the MIME message as SESv2's Raw content; `Source` and `Destinations`
/// override the message's From and recipients, as AWS documents, and the message's
/// `X-SES-CONFIGURATION-SET` header names the set when the request does not.
package struct SendRawEmail: ModelOperation {
    package static let name = "SendRawEmail"
    package static let wire = ModelWire.ses

    package let sender: MailSender

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        let raw = RawMessage(bytes: input["RawMessage"]?["Data"]?.blob ?? [])
        let destinations = input["Destinations"]?.list?.compactMap(\.string) ?? []
        for address in destinations { _ = try V1Sending.address(address) }
        let (to, cc, bcc) = destinations.isEmpty ? (raw.to, raw.cc, raw.bcc) : (destinations, [], [])
        for address in to + cc + bcc { _ = try V1Sending.address(address) }
        guard let fromText = input["Source"]?.string ?? raw.from else {
            throw V1Identities.invalid("Missing required header 'From'.")
        }
        let message = OutgoingMessage(from: try V1Sending.address(fromText), to: to, cc: cc, bcc: bcc, content: .raw(raw))
        let set = input["ConfigurationSetName"]?.string ?? raw.header("X-SES-CONFIGURATION-SET")
        return try V1Sending.send(message, configurationSet: set, sender: sender, exchange: exchange)
    }

    package init(sender: MailSender) { self.sender = sender }
}
