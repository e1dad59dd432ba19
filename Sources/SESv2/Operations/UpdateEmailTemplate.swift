/// `PUT /v2/email/templates/{TemplateName}`: new content; tags and creation time stay.
struct UpdateEmailTemplate: SESOperation {
    static let name = "UpdateEmailTemplate"

    let templates: ResourceCollection

    struct Input: Sendable {
        let name: String
        let content: TemplateContent
    }

    func decode(_ exchange: SESExchange) throws(AWSError) -> (name: String, body: RequestBody) {
        (exchange.pathParameters["TemplateName"] ?? "", try RequestBody.parse(exchange.request.body))
    }

    func validate(_ decoded: (name: String, body: RequestBody)) throws(AWSError) -> Input {
        var v = ValidationViolations()
        let content = try decoded.body.object("TemplateContent")
        v.required(content, at: "templateContent")
        if let error = v.error { throw error }
        return Input(name: decoded.name, content: try TemplateContent.read(content!))
    }

    func execute(_ input: Input, _ exchange: SESExchange) throws(AWSError) -> OperationResult {
        let template = try templates.get(input.name)
        try templates.update(template, members: [("TemplateContent", input.content.fragment),
                                                 ("Tags", template["Tags"].map { .json($0) } ?? .array([]))])
        return OperationResult(body: Array("{}".utf8))
    }
}
