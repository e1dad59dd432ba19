import AWSModel
import MetricsStore
import SESDomain
import SESWire

/// `POST /v2/email/templates`.
package struct CreateEmailTemplate: ModelOperation {
    package static let name = "CreateEmailTemplate"

    package let templates: ResourceCollection

    package struct Input: Sendable {
        package let name: String
        package let content: TemplateContent
        package let tags: JSONFragment
    }

    package func violations(_ value: ModelValue) -> [String] { Tags.violations(value["Tags"]) }

    package func input(_ value: ModelValue) throws(AWSError) -> Input {
        Input(name: try Self.checkName(value["TemplateName"]?.string ?? ""), content: TemplateContent(value["TemplateContent"]),
              tags: Tags.stored(value["Tags"]))
    }

    package func handle(_ input: Input, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        try templates.create(name: input.name, members: [("TemplateContent", input.content.fragment), ("Tags", input.tags)],
                             atMillis: exchange.startedEpochMillis)
        return .empty
    }

    /// Template names as SES takes them: ASCII letters, digits, `_` and `-`, at most 64.
    package static func checkName(_ name: String) throws(AWSError) -> String {
        guard DimensionFilter.isWellFormedName(name), name.count <= 64 else {
            throw .badRequest("Invalid template name \(name): only alphanumeric ASCII characters, '_', and '-' are allowed (at most 64).")
        }
        return name
    }

    package init(templates: ResourceCollection) { self.templates = templates }
}
