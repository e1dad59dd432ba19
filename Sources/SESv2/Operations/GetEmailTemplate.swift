/// `GET /v2/email/templates/{TemplateName}`.
struct GetEmailTemplate: SESOperation {
    static let name = "GetEmailTemplate"

    let templates: ResourceCollection

    func decode(_ exchange: SESExchange) throws(AWSError) -> String {
        exchange.pathParameters["TemplateName"] ?? ""
    }

    func execute(_ name: String, _ exchange: SESExchange) throws(AWSError) -> OperationResult {
        OperationResult(body: JSONFragment.json(.object(try templates.get(name).document)).bytes)
    }
}
