import AWSModel
import JSON
import SESDomain
import SESWire

/// `GET /v2/email/custom-verification-email-templates`: by name, 1–50 a page (default 50).
package struct ListCustomVerificationEmailTemplates: ResourceListOperation {
    package static let name = "ListCustomVerificationEmailTemplates"
    package static let member = "CustomVerificationEmailTemplates"
    package static let defaultPageSize = 50
    package static let pageSizes = 1...50

    package let templates: ResourceCollection

    package func resources() throws(AWSError) -> [Resource] { try templates.all() }

    package func summary(_ template: Resource) -> ModelValue {
        ModelWire.sesv2.value(.json(.object(template.document)), as: "CustomVerificationEmailTemplateMetadata")
    }

    package init(templates: ResourceCollection) { self.templates = templates }
}
