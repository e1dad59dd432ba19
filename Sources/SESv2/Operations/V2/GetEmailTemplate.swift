import AWSModel

/// `GET /v2/email/templates/{TemplateName}`: the document as created or updated.
struct GetEmailTemplate: ModelOperation {
    static let name = "GetEmailTemplate"

    let templates: ResourceCollection

    func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        let template = try templates.get(input["TemplateName"]?.string ?? "")
        return Self.wire.value(.json(.object(template.document)), as: "GetEmailTemplateResponse")
    }
}
