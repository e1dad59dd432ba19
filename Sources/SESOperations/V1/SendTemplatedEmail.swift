import AWSModel
import SESDomain
import SESWire

/// SES v1 `SendTemplatedEmail`: a stored template (by name or ARN) filled from `TemplateData`, as
/// SESv2's Template content.
package struct SendTemplatedEmail: ModelOperation {
    package static let name = "SendTemplatedEmail"
    package static let wire = ModelWire.ses

    package let sender: MailSender

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        let (to, cc, bcc) = try V1Sending.destination(input["Destination"])
        let templateValue = ModelValue.structure(["TemplateName": input["Template"] ?? .string(""),
                                                  "TemplateArn": input["TemplateArn"] ?? .string(""),
                                                  "TemplateData": input["TemplateData"] ?? .string("{}")])
        let template: TemplateReference
        do { template = try SendRequest.template(templateValue, dataMember: "TemplateData") } catch .badRequest(let text) {
            throw .custom(status: 400, code: "InvalidRenderingParameter", message: text)
        }
        let message = OutgoingMessage(from: try V1Sending.address(input["Source"]?.string ?? ""), to: to, cc: cc, bcc: bcc,
                                      content: .template(template))
        return try V1Sending.send(message, configurationSet: input["ConfigurationSetName"]?.string, sender: sender, exchange: exchange)
    }

    package init(sender: MailSender) { self.sender = sender }
}
