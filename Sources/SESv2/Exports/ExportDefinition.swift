import MetricsStore

/// How an export sums a metric: its total (VOLUME) or that total over its divisor's (RATE).
enum ExportAggregation: String, CaseIterable, Sendable {
    case RATE, VOLUME
}

/// The file's form: CSV with a header row, or JSON Lines.
enum ExportDataFormat: String, CaseIterable, Sendable {
    case CSV, JSON

    var fileExtension: String { self == .CSV ? "csv" : "json" }
    var contentType: String { self == .CSV ? "text/csv" : "application/x-ndjson" }
}

/// One requested column.
struct ExportMetric: Sendable, Equatable {
    let metric: Metric
    let aggregation: ExportAggregation

    /// `SEND_VOLUME`, `PERMANENT_BOUNCE_RATE`.
    var column: String { "\(metric.rawValue)_\(aggregation.rawValue)" }

    /// What a RATE divides by: the deliveries for the DELIVERY_* metrics (a fraction of what was
    /// delivered), the sends for every other one.
    var divisor: Metric {
        switch metric {
        case .DELIVERY_OPEN, .DELIVERY_CLICK, .DELIVERY_COMPLAINT: return .DELIVERY
        default: return .SEND
        }
    }
}

/// One requested dimension: its values without repeats, or `["*"]`.
struct ExportDimension: Sendable, Equatable {
    let name: Dimension
    let values: [String]

    var isWildcard: Bool { values == [DimensionFilter.wildcard] }

    var grouping: GroupedQuery.Grouping {
        let dimension: GroupingDimension
        switch name {
        case .EMAIL_IDENTITY: dimension = .emailIdentity
        case .CONFIGURATION_SET: dimension = .configurationSet
        case .ISP: dimension = .isp
        case .TENANT_NAME: dimension = .tenantName
        }
        return GroupedQuery.Grouping(dimension, isWildcard ? .every : .listed(values))
    }
}

/// A `MetricsDataSource` and the destination's format that passed validation: what a job exports.
struct ExportDefinition: Sendable, Equatable {
    let dimensions: [ExportDimension]
    let metrics: [ExportMetric]
    /// Epoch seconds, UTC midnights; the range is [startDate, endDate).
    let startDate: Int64
    let endDate: Int64
    let format: ExportDataFormat

    /// The store read: each metric's volume, then each RATE's divisor.
    var groupedQuery: GroupedQuery {
        GroupedQuery(groupings: dimensions.map(\.grouping),
                     metrics: metrics.map(\.metric) + metrics.map(\.divisor),
                     startDate: startDate, endDate: endDate)
    }

    /// `ExportDataSource` as GetExportJob answers it (and as the job is stored).
    var dataSourceFragment: JSONFragment {
        .object([("MetricsDataSource", .object([
            ("Dimensions", .object(dimensions.map { ($0.name.rawValue, .array($0.values.map(JSONFragment.string))) })),
            ("Namespace", .string("VDM")),
            ("Metrics", .array(metrics.map { .object([("Name", .string($0.metric.rawValue)),
                                                      ("Aggregation", .string($0.aggregation.rawValue))]) })),
            ("StartDate", .int(startDate)),
            ("EndDate", .int(endDate)),
        ]))])
    }

    /// The query faults' view of the job: one query per metric, filtering on a dimension only
    /// when it names one value (a list or `*` reads every value a fault could name).
    func faultQueries(jobID: String) -> [ValidatedQuery] {
        var values: [Dimension: String] = [:]
        for d in dimensions where d.values.count == 1 && !d.isWildcard { values[d.name] = d.values[0] }
        let filter = DimensionFilter(emailIdentity: values[.EMAIL_IDENTITY], configurationSet: values[.CONFIGURATION_SET],
                                     isp: values[.ISP], tenantName: values[.TENANT_NAME])
        return metrics.map {
            ValidatedQuery(id: jobID, query: MetricQuery(metric: $0.metric, dimensions: filter, startDate: startDate, endDate: endDate))
        }
    }
}
