import AWSModel
import JSON
import SESDomain
import SESWire

/// `GET /v2/email/custom-verification-email-templates/{TemplateName}`.
package struct GetCustomVerificationEmailTemplate: ModelOperation {
    package static let name = "GetCustomVerificationEmailTemplate"

    package let templates: ResourceCollection

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        let template = try templates.get(input["TemplateName"]?.string ?? "")
        return Self.wire.value(.json(.object(template.document)), as: "GetCustomVerificationEmailTemplateResponse")
    }

    package init(templates: ResourceCollection) { self.templates = templates }
}
