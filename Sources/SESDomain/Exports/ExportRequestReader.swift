import MetricsStore
import SESWire
import Support

/// Reads and checks CreateExportJob's `ExportDataSource` and `ExportDestination` (also a stored
/// job's, at start-up). Order: what the emulator refuses outright (an S3Url, message insights),
/// dimension names, the model's member constraints (one aggregated message), the wildcard rule,
/// dimension values, repeated columns, then the dates. The first failing step answers.
package struct ExportRequestReader {
    package static let dimensionsPath = "exportDataSource.metricsDataSource.dimensions"
    package static let s3UrlRefusal = "ExportDestination.S3Url is not supported: the emulator keeps export files itself and "
        + "GetExportJob's ExportDestination.S3Url gives their address. Leave S3Url out."
    package static let messageInsightsRefusal = "The emulator exports metrics only: give ExportDataSource.MetricsDataSource, "
        + "not MessageInsightsDataSource."
    package static let wildcardAlone = "The value * must be a dimension's only value."
    package static let wildcardWithLists = "When a dimension has the value *, every other dimension must have exactly one value."

    /// nil: no limit on the range (a stored job, read back).
    package let maxRangeDays: Int?

    package func read(_ body: RequestBody) throws(AWSError) -> ExportDefinition {
        let destination = try body.object("ExportDestination")
        if try destination?.string("S3Url") != nil { throw .badRequest(Self.s3UrlRefusal) }
        let source = try body.object("ExportDataSource")
        if try source?.object("MessageInsightsDataSource") != nil { throw .badRequest(Self.messageInsightsRefusal) }
        let metricsSource = try source?.object("MetricsDataSource")
        let format = try destination?.string("DataFormat")
        let dimensions = try metricsSource?.stringListMap("Dimensions")
        let namespace = try metricsSource?.string("Namespace")
        let metricBodies = try metricsSource?.objects("Metrics")
        var metrics: [(name: String?, aggregation: String?)] = []
        for m in metricBodies ?? [] { metrics.append((try m.string("Name"), try m.string("Aggregation"))) }
        let start = try metricsSource?.timestamp("StartDate")
        let end = try metricsSource?.timestamp("EndDate")

        for (name, _) in dimensions ?? [] where Dimension(rawValue: name) == nil {
            throw .badRequest("Unsupported dimension provided.")
        }

        var v = ValidationViolations()
        v.required(source, at: "exportDataSource")
        if source != nil { v.required(metricsSource, at: "exportDataSource.metricsDataSource") }
        if metricsSource != nil {
            let path = "exportDataSource.metricsDataSource"
            v.required(dimensions, at: Self.dimensionsPath)
            if let dimensions {
                if dimensions.isEmpty { v.add(at: Self.dimensionsPath, "Member must have length greater than or equal to 1") }
                if dimensions.count > RequestValidator.maxDimensions {
                    v.add(at: Self.dimensionsPath, "Member must have length less than or equal to \(RequestValidator.maxDimensions)")
                }
                if dimensions.contains(where: { $0.value.isEmpty || $0.value.count > 10 }) {
                    v.add(at: Self.dimensionsPath, "Map values must satisfy constraint: [Member must have length greater than or "
                          + "equal to 1, Member must have length less than or equal to 10]")
                }
            }
            v.required(namespace, at: path + ".namespace")
            v.enumValue(namespace, at: path + ".namespace", RequestValidator.namespaces)
            v.required(metricBodies, at: path + ".metrics")
            if let metricBodies {
                if metricBodies.isEmpty { v.add(at: path + ".metrics", "Member must have length greater than or equal to 1") }
                if metricBodies.count > 10 { v.add(at: path + ".metrics", "Member must have length less than or equal to 10") }
            }
            for (i, m) in metrics.enumerated() {
                let at = "\(path).metrics.\(i + 1).member"
                if let name = m.name, Metric(rawValue: name) == nil {
                    v.add(at: at + ".name", "Member must satisfy enum value set: \(RequestValidator.metricEnumText)")
                }
                v.required(m.name, at: at + ".name")
                v.required(m.aggregation, at: at + ".aggregation")
                v.enumValue(m.aggregation, at: at + ".aggregation", ExportAggregation.allCases.map(\.rawValue))
            }
            v.required(start, at: path + ".startDate")
            v.required(end, at: path + ".endDate")
        }
        v.required(destination, at: "exportDestination")
        if destination != nil {
            v.required(format, at: "exportDestination.dataFormat")
            v.enumValue(format, at: "exportDestination.dataFormat", ExportDataFormat.allCases.map(\.rawValue))
        }
        if let error = v.error { throw error }

        let checked = try Self.checkDimensions(dimensions!)
        let columns = metrics.map { ExportMetric(metric: Metric(rawValue: $0.name!)!, aggregation: ExportAggregation(rawValue: $0.aggregation!)!) }
        for (i, column) in columns.enumerated() where columns[..<i].contains(column) {
            throw .badRequest("Metrics must be unique: \(column.column) is requested more than once.")
        }
        let (startDate, endDate) = try checkDates(start!, end!)
        return ExportDefinition(dimensions: checked, metrics: columns, startDate: startDate, endDate: endDate,
                                format: ExportDataFormat(rawValue: format!)!)
    }

    /// `*` alone in its list, and then the other dimensions one value each; every other value as
    /// BatchGetMetricData checks it. Repeated values are dropped.
    private static func checkDimensions(_ dimensions: [(key: String, value: [String])]) throws(AWSError) -> [ExportDimension] {
        if dimensions.contains(where: { $0.value.count > 1 && $0.value.contains(DimensionFilter.wildcard) }) {
            throw .badRequest(wildcardAlone)
        }
        if dimensions.contains(where: { $0.value == [DimensionFilter.wildcard] }) && dimensions.contains(where: { $0.value.count > 1 }) {
            throw .badRequest(wildcardWithLists)
        }
        var checked: [ExportDimension] = []
        for (key, values) in dimensions {
            let name = Dimension(rawValue: key)!
            var unique: [String] = []
            for value in values where !unique.contains(value) {
                if value != DimensionFilter.wildcard { try RequestValidator.check(name, value) }
                unique.append(value)
            }
            checked.append(ExportDimension(name: name, values: unique))
        }
        return checked
    }

    /// Start before end, the range within the limit (BatchGetMetricData's), then whole UTC days.
    private func checkDates(_ start: WireTimestamp, _ end: WireTimestamp) throws(AWSError) -> (Int64, Int64) {
        guard start.millis < end.millis else { throw .badRequest("Expected start date to be before the end date.") }
        if let maxRangeDays, end.millis - start.millis > Int64(maxRangeDays) * UTCCalendar.millisPerDay {
            throw .badRequest("Invalid interval, can request at most \(maxRangeDays) days. Please partition your requested interval.")
        }
        for (name, t) in [("StartDate", start), ("EndDate", end)] where t.millis % UTCCalendar.millisPerDay != 0 || t.finerThanMillis {
            throw .badRequest("Metrics exports must run midnight to midnight UTC: \(name) \(UTCCalendar.rfc3339(millis: t.millis)) "
                              + "is not a UTC midnight (00:00:00Z).")
        }
        return (start.millis / 1000, end.millis / 1000)
    }

    package init(maxRangeDays: Int? = nil) {
        self.maxRangeDays = maxRangeDays
    }
}
