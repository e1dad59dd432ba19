/// `GET /v2/email/templates`: by name, at most 10 a page as at AWS.
struct ListEmailTemplates: SESOperation {
    static let name = "ListEmailTemplates"

    let templates: ResourceCollection

    func decode(_ exchange: SESExchange) throws(AWSError) -> ListPaging {
        try ListPaging.read(exchange.request, defaultSize: 10, sizes: 1...10)
    }

    func execute(_ paging: ListPaging, _ exchange: SESExchange) throws(AWSError) -> OperationResult {
        let page = paging.page(try templates.all()) { $0.name }
        var members: [(String, JSONFragment)] = [("TemplatesMetadata", .array(page.items.map { template in
            .object([("TemplateName", .string(template.name)), ("CreatedTimestamp", .double(Double(template.createdMillis) / 1000))])
        }))]
        if let token = page.nextToken { members.append(("NextToken", .string(token))) }
        return OperationResult(body: JSONFragment.object(members).bytes)
    }
}
