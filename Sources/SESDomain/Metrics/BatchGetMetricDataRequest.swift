import JSON
import SESWire
import Support

/// The request body as decoded from JSON, before constraints are checked: each member is nil
/// when absent or explicitly null (restJson1 treats both alike).
package struct BatchGetMetricDataRequest: Equatable {
    package var queries: [Query]?

    package struct Query: Equatable {
        package var id: String?
        package var namespace: String?
        package var metric: String?
        /// Keys in first-appearance order; a repeated key keeps its last value.
        package var dimensions: [(key: String, value: String)]?
        package var startDate: WireTimestamp?
        package var endDate: WireTimestamp?

        package static func == (lhs: Query, rhs: Query) -> Bool {
            lhs.id == rhs.id && lhs.namespace == rhs.namespace && lhs.metric == rhs.metric
                && lhs.dimensions?.map(\.key) == rhs.dimensions?.map(\.key)
                && lhs.dimensions?.map(\.value) == rhs.dimensions?.map(\.value)
                && lhs.startDate == rhs.startDate && lhs.endDate == rhs.endDate
        }

        package init(id: String? = nil, namespace: String? = nil, metric: String? = nil, dimensions: [(key: String, value: String)]? = nil, startDate: WireTimestamp? = nil, endDate: WireTimestamp? = nil) {
            self.id = id
            self.namespace = namespace
            self.metric = metric
            self.dimensions = dimensions
            self.startDate = startDate
            self.endDate = endDate
        }
    }

    package init(queries: [Query]? = nil) {
        self.queries = queries
    }
}
