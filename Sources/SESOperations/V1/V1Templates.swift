import AWSModel
import JSON
import SESDomain
import SESWire

/// SES v1's templates are SESv2's: `SubjectPart`, `TextPart`, `HtmlPart` are TemplateContent's
/// Subject, Text and Html, in the same store.
enum V1Templates {
    static func content(_ template: ModelValue?) -> TemplateContent {
        TemplateContent(subject: template?["SubjectPart"]?.string, text: template?["TextPart"]?.string, html: template?["HtmlPart"]?.string)
    }

    static func doesNotExist(_ name: String) -> AWSError {
        V1Sending.refusal("TemplateDoesNotExist", "Template \(name) does not exist.")
    }

    static func template(_ name: String, in templates: ResourceCollection) throws(AWSError) -> Resource {
        guard let template = try templates.find(name) else { throw doesNotExist(name) }
        return template
    }
}
