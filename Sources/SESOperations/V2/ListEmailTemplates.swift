import AWSModel
import SESDomain
import SESWire

/// `GET /v2/email/templates`: by name, at most 10 a page as at AWS.
package struct ListEmailTemplates: ResourceListOperation {
    package static let name = "ListEmailTemplates"
    package static let member = "TemplatesMetadata"
    package static let defaultPageSize = 10
    package static let pageSizes = 1...10

    package let templates: ResourceCollection

    package func resources() throws(AWSError) -> [Resource] { try templates.all() }

    package func summary(_ template: Resource) -> ModelValue {
        .structure(["TemplateName": .string(template.name), "CreatedTimestamp": .timestamp(Double(template.createdMillis) / 1000)])
    }

    package init(templates: ResourceCollection) { self.templates = templates }
}
