/// `PageSize` and `NextToken` of the List operations that take them in the body and page a list
/// held in memory (ListRecommendations, ListExportJobs): a token is the position of the next page.
package struct PositionPaging: Sendable {
    package static let sizes = 1...100

    package let pageSize: Int
    package let offset: Int

    /// The bounds SES holds `PageSize` to (the model states none), as violations beside the model's.
    package static func violations(pageSize: Int64?) -> [String] {
        var v = ValidationViolations()
        if let pageSize {
            if pageSize < Int64(sizes.lowerBound) { v.add(at: "pageSize", "Member must have value greater than or equal to \(sizes.lowerBound)") }
            if pageSize > Int64(sizes.upperBound) { v.add(at: "pageSize", "Member must have value less than or equal to \(sizes.upperBound)") }
        }
        return v.items
    }

    /// After the violations passed: a token must be one `operation` returned (a position, written plainly).
    package init(pageSize: Int64?, token: String?, defaultSize: Int, operation: String) throws(AWSError) {
        var offset = 0
        if let token {
            guard let position = Int(token), position >= 0, String(position) == token else {
                throw .badRequest("Invalid NextToken: '\(token)' is not a token \(operation) returned.")
            }
            offset = position
        }
        self.pageSize = pageSize.map(Int.init) ?? defaultSize
        self.offset = offset
    }

    /// The page of `items` and the token of the next one.
    package func page<T>(_ items: [T]) -> (items: ArraySlice<T>, nextToken: String?) {
        let start = min(offset, items.count)
        let end = min(start + pageSize, items.count)
        return (items[start..<end], end < items.count ? String(end) : nil)
    }
}
