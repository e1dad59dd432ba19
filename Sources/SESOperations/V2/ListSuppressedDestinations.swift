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
        let reasons = Set(input["Reasons"]?.list?.compactMap(\.string) ?? [])
        let start = input["StartDate"]?.timestamp, end = input["EndDate"]?.timestamp
        if let start, let end, start > end { throw .badRequest("Expected start date to be before the end date.") }
        let paging = try PagedList.paging(input)
        // A page read from the store, not the whole list: it grows with every hard bounce.
        let page = try suppression.entries.page(after: paging.nextToken, count: paging.pageSize) { entry in
            let time = SuppressionList.lastUpdate(entry)
            return (reasons.isEmpty || reasons.contains(entry.string(at: ["Reason"]) ?? ""))
                && start.map { time >= $0 } ?? true && end.map { time <= $0 } ?? true
        }
        return PagedList.answer(member: "SuppressedDestinationSummaries", page.items.map { entry in
            Self.wire.value(.json(.object(entry.document)), as: "SuppressedDestinationSummary")
        }, nextToken: page.nextToken)
    }

    package init(suppression: SuppressionList) { self.suppression = suppression }
}
