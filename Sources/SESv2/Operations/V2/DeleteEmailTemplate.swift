import AWSModel

/// `DELETE /v2/email/templates/{TemplateName}`.
struct DeleteEmailTemplate: ModelOperation {
    static let name = "DeleteEmailTemplate"

    let templates: ResourceCollection

    func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        try templates.delete(input["TemplateName"]?.string ?? "")
        return .empty
    }
}
