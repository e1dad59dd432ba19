import AWSModel
import SESDomain
import SESWire

/// `POST /v2/email/vdm/recommendations`: the recommendations the control API set, filtered and
/// paged. `NextToken` is the position of the next page.
package struct ListRecommendations: ModelOperation {
    package static let name = "ListRecommendations"
    package static let defaultPageSize = 100

    package struct Input: Sendable {
        package let filter: [(key: String, value: String)]
        package let paging: PositionPaging
    }

    package let recommendations: Recommendations

    package func violations(_ value: ModelValue) -> [String] { PositionPaging.violations(pageSize: value["PageSize"]?.integer) }

    package func input(_ value: ModelValue) throws(AWSError) -> Input {
        let filter = (value["Filter"]?.map ?? []).map { (key: $0.key, value: $0.value.string ?? "") }
        let paging = try PositionPaging(pageSize: value["PageSize"]?.integer, token: value["NextToken"]?.string,
                                        defaultSize: Self.defaultPageSize, operation: Self.name)
        return Input(filter: filter, paging: paging)
    }

    package func handle(_ input: Input, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        let matching = recommendations.all.filter { r in input.filter.allSatisfy { r.value(forFilter: $0.key) == $0.value } }
        let page = input.paging.page(matching)
        var members: [(String, JSONFragment)] = [("Recommendations", .array(page.items.map(\.fragment)))]
        if let token = page.nextToken { members.append(("NextToken", .string(token))) }
        return Self.wire.value(.object(members), as: "ListRecommendationsResponse")
    }

    package init(recommendations: Recommendations) { self.recommendations = recommendations }
}
