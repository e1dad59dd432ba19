import AWSModel
import SESDomain
import SESWire

/// `PUT /v2/email/templates/{TemplateName}`: new content; tags and creation time stay.
package struct UpdateEmailTemplate: ModelOperation {
    package static let name = "UpdateEmailTemplate"

    package let templates: ResourceCollection

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        let content = TemplateContent(input["TemplateContent"]).fragment
        try templates.modify(input["TemplateName"]?.string ?? "") { _ in [("TemplateContent", content)] }
        return .empty
    }

    package init(templates: ResourceCollection) { self.templates = templates }
}
