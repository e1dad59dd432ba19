import MetricsStore

/// `POST /v2/email/templates`.
struct CreateEmailTemplate: SESOperation {
    static let name = "CreateEmailTemplate"

    let templates: ResourceCollection

    struct Input: Sendable {
        let name: String
        let content: TemplateContent
        let tags: JSONFragment
    }

    func decode(_ exchange: SESExchange) throws(AWSError) -> RequestBody {
        try RequestBody.parse(exchange.request.body)
    }

    func validate(_ body: RequestBody) throws(AWSError) -> Input {
        var v = ValidationViolations()
        let name = try body.string("TemplateName")
        let content = try body.object("TemplateContent")
        v.required(name, at: "templateName")
        v.length(name, at: "templateName", 1...Int.max)
        v.required(content, at: "templateContent")
        let tags = try Tags.read(body, into: &v)
        if let error = v.error { throw error }
        return Input(name: try Self.checkName(name!), content: try TemplateContent.read(content!), tags: tags)
    }

    func execute(_ input: Input, _ exchange: SESExchange) throws(AWSError) -> OperationResult {
        try templates.create(name: input.name, members: [("TemplateContent", input.content.fragment), ("Tags", input.tags)],
                             atMillis: exchange.startedEpochMillis)
        return OperationResult(body: Array("{}".utf8))
    }

    /// Template names as SES takes them: ASCII letters, digits, `_` and `-`, at most 64.
    static func checkName(_ name: String) throws(AWSError) -> String {
        guard DimensionFilter.isWellFormedName(name), name.count <= 64 else {
            throw .badRequest("Invalid template name \(name): only alphanumeric ASCII characters, '_', and '-' are allowed (at most 64).")
        }
        return name
    }
}
