import AWSModel
import JSON
import SESDomain
import SESWire

/// SES v1 `GetTemplate`: a template stored through either API.
package struct GetTemplate: ModelOperation {
    package static let name = "GetTemplate"
    package static let wire = ModelWire.ses

    package let templates: ResourceCollection

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        let template = try V1Templates.template(input["TemplateName"]?.string ?? "", in: templates)
        let content = TemplateContent(stored: template["TemplateContent"])
        var members: [String: ModelValue] = ["TemplateName": .string(template.name)]
        if let subject = content.subject { members["SubjectPart"] = .string(subject) }
        if let text = content.text { members["TextPart"] = .string(text) }
        if let html = content.html { members["HtmlPart"] = .string(html) }
        return .structure(["Template": .structure(members)])
    }

    package init(templates: ResourceCollection) { self.templates = templates }
}
