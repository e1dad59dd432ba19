/// `POST /v2/email/vdm/recommendations`: the recommendations the control API set, filtered and
/// paged. `NextToken` is the position of the next page.
struct ListRecommendations: SESOperation {
    static let name = "ListRecommendations"
    static let defaultPageSize = 100

    struct Input: Sendable {
        let filter: [(key: String, value: String)]
        let paging: PositionPaging
    }

    let recommendations: Recommendations

    func decode(_ exchange: SESExchange) throws(AWSError) -> RequestBody {
        try RequestBody.parse(exchange.request.body)
    }

    func validate(_ body: RequestBody) throws(AWSError) -> Input {
        let filter = try body.stringMap("Filter")
        let pageSize = try body.int("PageSize")
        let token = try body.string("NextToken")
        var v = ValidationViolations()
        if let filter {
            if filter.isEmpty {
                v.add(at: "filter", "Member must have length greater than or equal to 1")
            } else if filter.count > 2 {
                v.add(at: "filter", "Member must have length less than or equal to 2")
            }
            if filter.contains(where: { !ModelEnums.recommendationFilterKey.contains($0.key) }) {
                v.add(at: "filter", "Map keys must satisfy constraint: [Member must satisfy enum value set: "
                      + "[\(ModelEnums.recommendationFilterKey.joined(separator: ", "))]]")
            }
            if filter.contains(where: { $0.value.isEmpty || $0.value.unicodeScalars.count > 512 }) {
                v.add(at: "filter", "Map values must satisfy constraint: [Member must have length greater than or "
                      + "equal to 1, Member must have length less than or equal to 512]")
            }
        }
        PositionPaging.check(pageSize: pageSize, into: &v)
        if let error = v.error { throw error }
        let paging = try PositionPaging(pageSize: pageSize, token: token, defaultSize: Self.defaultPageSize, operation: Self.name)
        return Input(filter: filter ?? [], paging: paging)
    }

    func execute(_ input: Input, _ exchange: SESExchange) throws(AWSError) -> OperationResult {
        let matching = recommendations.all.filter { r in input.filter.allSatisfy { r.value(forFilter: $0.key) == $0.value } }
        let page = input.paging.page(matching)
        var members: [(String, JSONFragment)] = [("Recommendations", .array(page.items.map(\.fragment)))]
        if let token = page.nextToken { members.append(("NextToken", .string(token))) }
        return OperationResult(body: JSONFragment.object(members).bytes)
    }
}
