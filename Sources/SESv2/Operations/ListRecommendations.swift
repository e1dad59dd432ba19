/// `POST /v2/email/vdm/recommendations`: the recommendations the control API set, filtered and
/// paged. `NextToken` is the position of the next page.
struct ListRecommendations: SESOperation {
    static let name = "ListRecommendations"
    static let method = "POST"
    static let pathTemplate = "/v2/email/vdm/recommendations"
    static let defaultPageSize = 100

    struct Input: Sendable {
        let filter: [(key: String, value: String)]
        let pageSize: Int
        let offset: Int
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
        if let pageSize {
            if pageSize < 1 { v.add(at: "pageSize", "Member must have value greater than or equal to 1") }
            if pageSize > 100 { v.add(at: "pageSize", "Member must have value less than or equal to 100") }
        }
        if let error = v.error { throw error }
        var offset = 0
        if let token {
            guard let position = Int(token), position >= 0, String(position) == token else {
                throw .badRequest("Invalid NextToken: '\(token)' is not a token ListRecommendations returned.")
            }
            offset = position
        }
        return Input(filter: filter ?? [], pageSize: pageSize.map(Int.init) ?? Self.defaultPageSize, offset: offset)
    }

    func execute(_ input: Input, _ exchange: SESExchange) throws(AWSError) -> OperationResult {
        let matching = recommendations.all.filter { r in input.filter.allSatisfy { r.value(forFilter: $0.key) == $0.value } }
        let start = min(input.offset, matching.count)
        let end = min(start + input.pageSize, matching.count)
        var members: [(String, JSONFragment)] = [("Recommendations", .array(matching[start..<end].map(\.fragment)))]
        if end < matching.count { members.append(("NextToken", .string(String(end)))) }
        return OperationResult(body: JSONFragment.object(members).bytes)
    }
}
