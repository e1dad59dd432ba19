import AWSModel
import JSON
import SESDomain
import SESWire

/// `GET /v2/email/suppression/addresses`: by address; `Reason` (repeatable) and `StartDate` /
/// `EndDate` (both inclusive, on LastUpdateTime) filter; pages of `PageSize` (1–1000, default 100).
package struct ListSuppressedDestinations: ModelOperation {
    package static let name = "ListSuppressedDestinations"

    package let suppression: SuppressionList

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        try SuppressionList.checkTenant(input["TenantName"]?.string)
        let size = input["PageSize"]?.integer ?? 0
        guard size == 0 || (1...1000).contains(size) else { throw .badRequest("PageSize must be between 1 and 1000.") }
        let reasons = Set(input["Reasons"]?.list?.compactMap(\.string) ?? [])
        let start = input["StartDate"]?.timestamp, end = input["EndDate"]?.timestamp
        if let start, let end, start > end { throw .badRequest("Expected start date to be before the end date.") }
        let entries = try suppression.entries.all().filter { entry in
            let time = SuppressionList.lastUpdate(entry)
            return (reasons.isEmpty || reasons.contains(entry.string(at: ["Reason"]) ?? ""))
                && start.map { time >= $0 } ?? true && end.map { time <= $0 } ?? true
        }
        let paging = ListPaging(nextToken: input["NextToken"]?.string, pageSize: size == 0 ? 100 : Int(size))
        let page = paging.page(entries) { ResourceKind.suppressedDestination.key($0.name) }
        var output: [String: ModelValue] = ["SuppressedDestinationSummaries": .list(page.items.map { entry in
            Self.wire.value(.json(.object(entry.document)), as: "SuppressedDestinationSummary")
        })]
        if let token = page.nextToken { output["NextToken"] = .string(token) }
        return .structure(output)
    }

    package init(suppression: SuppressionList) { self.suppression = suppression }
}
