import Support

/// The dimensions a grouped read can split its sums by, as rollup columns.
public enum GroupingDimension: String, CaseIterable, Sendable {
    case emailIdentity = "email_identity"
    case configurationSet = "configuration_set"
    case isp
    case tenantName = "tenant"
}

/// Sums of metrics over a half-open range of UTC days, one per combination of dimension values
/// (the export jobs' `MetricsDataSource`). Dimensions not named are summed over.
public struct GroupedQuery: Sendable, Equatable {
    /// What a dimension groups by: the values listed, or every value (`*`).
    public enum Values: Sendable, Equatable {
        case listed([String])
        case every
    }

    public struct Grouping: Sendable, Equatable {
        public var dimension: GroupingDimension
        public var values: Values

        public init(_ dimension: GroupingDimension, _ values: Values) {
            self.dimension = dimension
            self.values = values
        }
    }

    /// In column order; each dimension at most once.
    public var groupings: [Grouping]
    /// The sums wanted, per row in this order (a metric may repeat).
    public var metrics: [Metric]
    /// Epoch seconds, UTC midnights; the range is [startDate, endDate).
    public var startDate: Int64
    public var endDate: Int64

    public init(groupings: [Grouping], metrics: [Metric], startDate: Int64, endDate: Int64) {
        self.groupings = groupings
        self.metrics = metrics
        self.startDate = startDate
        self.endDate = endDate
    }
}

/// A grouped read's answer, from one snapshot of the store.
public struct GroupedSums: Sendable, Equatable {
    public struct Row: Sendable, Equatable {
        /// One value per grouping, in the query's order.
        public var values: [String]
        /// One sum per query metric, in its order.
        public var sums: [Int64]

        public init(values: [String], sums: [Int64]) {
            self.values = values
            self.sums = sums
        }
    }

    /// Sorted by values (bytewise, first grouping first). Listed values and, for ISP `*`, every
    /// catalog ISP have a row even when all sums are 0; `*` on another dimension yields the values
    /// with counted events in the range (events without a configuration set are in no
    /// CONFIGURATION_SET row).
    public var rows: [Row]
    /// The events in the range matching the query's values that some metric counts (each counted
    /// event once: `Metric.oncePerEvent`).
    public var countedEvents: Int64
}
