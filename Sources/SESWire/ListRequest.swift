import HTTPServer

/// A List request of either SDK generation: `GET` with `NextToken` and `PageSize` in the query
/// string (botocore 1.43 and the aws CLI v1), or `POST` with them and a `Filter` map in a JSON
/// body (botocore 1.44 on). The filter keys are the model's enum; every filter must hold.
package struct ListRequest: Sendable {
    package let paging: ListPaging
    package let filter: [(key: String, value: String)]

    package static func read(_ request: HTTPRequest, defaultSize: Int, sizes: ClosedRange<Int>,
                     filterKeys: [String]) throws(AWSError) -> ListRequest {
        guard request.head.method == "POST" else {
            return ListRequest(paging: try ListPaging.read(request, defaultSize: defaultSize, sizes: sizes), filter: [])
        }
        let body = try RequestBody.parse(request.body)
        let filter = try body.stringMap("Filter") ?? []
        var violations = ValidationViolations()
        if filter.contains(where: { !filterKeys.contains($0.key) }) {
            violations.add(at: "filter", "Map keys must satisfy constraint: [Member must satisfy enum value set: [\(filterKeys.joined(separator: ", "))]]")
        }
        if filter.contains(where: { $0.value.isEmpty }) {
            violations.add(at: "filter", "Map value must satisfy constraint: [Member must have length greater than or equal to 1]")
        }
        if let error = violations.error { throw error }
        return ListRequest(paging: try ListPaging.read(body, defaultSize: defaultSize, sizes: sizes), filter: filter)
    }

    /// A `..._CONTAINS` filter: the name contains the value, ignoring case (SES names are).
    package static func contains(_ name: String, _ value: String) -> Bool {
        name.lowercased().contains(value.lowercased())
    }
}
