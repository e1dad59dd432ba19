import AWSModel
import MetricsStore

/// `POST /v2/email/templates`.
struct CreateEmailTemplate: ModelOperation {
    static let name = "CreateEmailTemplate"

    let templates: ResourceCollection

    struct Input: Sendable {
        let name: String
        let content: TemplateContent
        let tags: JSONFragment
    }

    func violations(_ value: ModelValue) -> [String] { Tags.violations(value["Tags"]) }

    func input(_ value: ModelValue) throws(AWSError) -> Input {
        Input(name: try Self.checkName(value["TemplateName"]?.string ?? ""), content: TemplateContent(value["TemplateContent"]),
              tags: Tags.stored(value["Tags"]))
    }

    func handle(_ input: Input, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        try templates.create(name: input.name, members: [("TemplateContent", input.content.fragment), ("Tags", input.tags)],
                             atMillis: exchange.startedEpochMillis)
        return .empty
    }

    /// Template names as SES takes them: ASCII letters, digits, `_` and `-`, at most 64.
    static func checkName(_ name: String) throws(AWSError) -> String {
        guard DimensionFilter.isWellFormedName(name), name.count <= 64 else {
            throw .badRequest("Invalid template name \(name): only alphanumeric ASCII characters, '_', and '-' are allowed (at most 64).")
        }
        return name
    }
}
