import MetricsStore
import SESWire

/// How an export sums a metric: its total (VOLUME) or that total over its divisor's (RATE).
package enum ExportAggregation: String, CaseIterable, Sendable {
    case RATE, VOLUME
}

/// The file's form: CSV with a header row, or JSON Lines.
package enum ExportDataFormat: String, CaseIterable, Sendable {
    case CSV, JSON

    package var fileExtension: String { self == .CSV ? "csv" : "json" }
    package var contentType: String { self == .CSV ? "text/csv" : "application/x-ndjson" }
}

/// One requested column.
package struct ExportMetric: Sendable, Equatable {
    package let metric: Metric
    package let aggregation: ExportAggregation

    /// `SEND_VOLUME`, `PERMANENT_BOUNCE_RATE`.
    package var column: String { "\(metric.rawValue)_\(aggregation.rawValue)" }

    /// What a RATE divides by: the deliveries for the DELIVERY_* metrics (a fraction of what was
    /// delivered), the sends for every other one.
    package var divisor: Metric {
        switch metric {
        case .DELIVERY_OPEN, .DELIVERY_CLICK, .DELIVERY_COMPLAINT: return .DELIVERY
        default: return .SEND
        }
    }
}

/// One requested dimension: its values without repeats, or `["*"]`.
package struct ExportDimension: Sendable, Equatable {
    package let name: Dimension
    package let values: [String]

    package var isWildcard: Bool { values == [DimensionFilter.wildcard] }

    package var grouping: GroupedQuery.Grouping {
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
package struct ExportDefinition: Sendable, Equatable {
    package let dimensions: [ExportDimension]
    package let metrics: [ExportMetric]
    /// Epoch seconds, UTC midnights; the range is [startDate, endDate).
    package let startDate: Int64
    package let endDate: Int64
    package let format: ExportDataFormat

    /// The store read: each metric's volume, then each RATE's divisor.
    package var groupedQuery: GroupedQuery {
        GroupedQuery(groupings: dimensions.map(\.grouping),
                     metrics: metrics.map(\.metric) + metrics.map(\.divisor),
                     startDate: startDate, endDate: endDate)
    }

    /// `ExportDataSource` as GetExportJob answers it (and as the job is stored).
    package var dataSourceFragment: JSONFragment {
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
    package func faultQueries(jobID: String) -> [ValidatedQuery] {
        var values: [Dimension: String] = [:]
        for d in dimensions where d.values.count == 1 && !d.isWildcard { values[d.name] = d.values[0] }
        let filter = DimensionFilter(emailIdentity: values[.EMAIL_IDENTITY], configurationSet: values[.CONFIGURATION_SET],
                                     isp: values[.ISP], tenantName: values[.TENANT_NAME])
        return metrics.map {
            ValidatedQuery(id: jobID, query: MetricQuery(metric: $0.metric, dimensions: filter, startDate: startDate, endDate: endDate))
        }
    }
}
