import AWSModel
import SESDomain
import SESWire

/// `PUT /v2/email/templates/{TemplateName}`: new content; tags and creation time stay.
package struct UpdateEmailTemplate: ModelOperation {
    package static let name = "UpdateEmailTemplate"

    package let templates: ResourceCollection

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        let template = try templates.get(input["TemplateName"]?.string ?? "")
        try templates.update(template, members: [("TemplateContent", TemplateContent(input["TemplateContent"]).fragment),
                                                 ("Tags", template["Tags"].map { .json($0) } ?? .array([]))])
        return .empty
    }

    package init(templates: ResourceCollection) { self.templates = templates }
}
