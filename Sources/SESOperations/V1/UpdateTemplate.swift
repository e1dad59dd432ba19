import AWSModel
import JSON
import SESDomain
import SESWire

/// SES v1 `UpdateTemplate`: new parts for a template stored through either API.
package struct UpdateTemplate: ModelOperation {
    package static let name = "UpdateTemplate"
    package static let wire = ModelWire.ses

    package let templates: ResourceCollection

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        let template = input["Template"]
        let name = template?["TemplateName"]?.string ?? ""
        let content = V1Templates.content(template).fragment
        do { try templates.modify(name) { _ in [("TemplateContent", content)] } } catch .notFound { throw V1Templates.doesNotExist(name) }
        return .empty
    }

    package init(templates: ResourceCollection) { self.templates = templates }
}
