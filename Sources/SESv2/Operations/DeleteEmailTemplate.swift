/// `DELETE /v2/email/templates/{TemplateName}`.
struct DeleteEmailTemplate: SESOperation {
    static let name = "DeleteEmailTemplate"

    let templates: ResourceCollection

    func decode(_ exchange: SESExchange) throws(AWSError) -> String {
        exchange.pathParameters["TemplateName"] ?? ""
    }

    func execute(_ name: String, _ exchange: SESExchange) throws(AWSError) -> OperationResult {
        try templates.delete(name)
        return OperationResult(body: Array("{}".utf8))
    }
}
