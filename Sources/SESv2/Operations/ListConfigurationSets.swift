/// `GET /v2/email/configuration-sets`: created sets and those stored events name, by name.
struct ListConfigurationSets: SESOperation {
    static let name = "ListConfigurationSets"
    static let method = "GET"
    static let pathTemplate = "/v2/email/configuration-sets"

    let configurationSets: ResourceRegistry

    func decode(_ exchange: SESExchange) throws(AWSError) -> ListPaging {
        try ListPaging.read(exchange.request, defaultSize: 100, sizes: 1...1000)
    }

    func execute(_ paging: ListPaging, _ exchange: SESExchange) throws(AWSError) -> OperationResult {
        let page = paging.page(try configurationSets.all()) { $0.name }
        var members: [(String, JSONFragment)] = [("ConfigurationSets", .array(page.items.map { .string($0.name) }))]
        if let token = page.nextToken { members.append(("NextToken", .string(token))) }
        return OperationResult(body: JSONFragment.object(members).bytes)
    }
}
