import AWSModel

/// `PUT /v2/email/templates/{TemplateName}`: new content; tags and creation time stay.
struct UpdateEmailTemplate: ModelOperation {
    static let name = "UpdateEmailTemplate"

    let templates: ResourceCollection

    func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        let template = try templates.get(input["TemplateName"]?.string ?? "")
        try templates.update(template, members: [("TemplateContent", TemplateContent(input["TemplateContent"]).fragment),
                                                 ("Tags", template["Tags"].map { .json($0) } ?? .array([]))])
        return .empty
    }
}
