import AWSModel
import SESDomain
import SESWire

/// `GET /v2/email/templates/{TemplateName}`: the document as created or updated.
package struct GetEmailTemplate: ModelOperation {
    package static let name = "GetEmailTemplate"

    package let templates: ResourceCollection

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        let template = try templates.get(input["TemplateName"]?.string ?? "")
        return Self.wire.value(.json(.object(template.document)), as: "GetEmailTemplateResponse")
    }

    package init(templates: ResourceCollection) { self.templates = templates }
}
