import AWSModel
import JSON
import SESDomain
import SESWire

/// SES v1 `CreateTemplate`: a template SESv2's GetEmailTemplate also reads.
package struct CreateTemplate: ModelOperation {
    package static let name = "CreateTemplate"
    package static let wire = ModelWire.ses

    package let templates: ResourceCollection

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        let template = input["Template"]
        let name: String
        do { name = try CreateEmailTemplate.checkName(template?["TemplateName"]?.string ?? "") } catch .badRequest(let text) {
            throw V1Sending.refusal("InvalidTemplate", text)
        }
        do {
            try templates.create(name: name, members: [("TemplateContent", V1Templates.content(template).fragment), ("Tags", .array([]))],
                                 atMillis: exchange.startedEpochMillis)
        } catch .alreadyExists {
            throw V1Sending.refusal("AlreadyExists", "Template \(name) already exists.")
        }
        return .empty
    }

    package init(templates: ResourceCollection) { self.templates = templates }
}
