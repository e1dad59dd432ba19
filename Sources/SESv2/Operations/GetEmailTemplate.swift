/// `GET /v2/email/templates/{TemplateName}`.
struct GetEmailTemplate: SESOperation {
    static let name = "GetEmailTemplate"
    static let method = "GET"
    static let pathTemplate = "/v2/email/templates/{TemplateName}"

    let templates: ResourceCollection

    func decode(_ exchange: SESExchange) throws(AWSError) -> String {
        exchange.pathParameters["TemplateName"] ?? ""
    }

    func execute(_ name: String, _ exchange: SESExchange) throws(AWSError) -> OperationResult {
        OperationResult(body: JSONFragment.json(.object(try templates.get(name).document)).bytes)
    }
}
