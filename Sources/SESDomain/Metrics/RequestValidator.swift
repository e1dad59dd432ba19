import MetricsStore
import SESWire
import Support

/// One query that passed every check, ready for the store.
package struct ValidatedQuery: Sendable {
    package let id: String
    package let query: MetricQuery
}

/// The dimensions a query may filter on, by their wire names.
package enum Dimension: String, CaseIterable, Sendable {
    case EMAIL_IDENTITY, CONFIGURATION_SET, ISP, TENANT_NAME
}

/// What `*` means in a dimension value: every value (as the VDM documentation describes it), or
/// a value like any other, which the real service was seen to refuse (`--wildcards reject`).
public enum WildcardPolicy: String, CaseIterable, Sendable {
    case all, reject
}

/// Checks a decoded request in the order AWS was observed to: the number of queries, unique ids,
/// dimension names, the model's member constraints over all queries (one message), dimension
/// values over all queries, then each query's dates. The first failing step answers.
package struct RequestValidator {
    /// AWS lists the metric enum in this order in its messages (not the model's).
    package static let metricEnumText = "[DELIVERY_COMPLAINT, CLICK, SEND, OPEN, COMPLAINT, DELIVERY, DELIVERY_OPEN, PERMANENT_BOUNCE, DELIVERY_CLICK, TRANSIENT_BOUNCE]"
    package static let namespaces = ["VDM"]
    package static let maxQueries = 10
    package static let maxDimensions = 3

    package let maxRangeDays: Int
    package let wildcards: WildcardPolicy

    package func validate(_ request: BatchGetMetricDataRequest) throws(AWSError) -> [ValidatedQuery] {
        let queries = try checkCount(request.queries)
        try checkUniqueIDs(queries)
        try checkDimensionNames(queries)
        let metrics = try checkMembers(queries)
        let filters = try checkDimensionValues(queries)
        var validated: [ValidatedQuery] = []
        validated.reserveCapacity(queries.count)
        for (i, query) in queries.enumerated() {
            let (start, end) = try checkDates(query)
            validated.append(ValidatedQuery(id: query.id!, query: MetricQuery(
                metric: metrics[i], dimensions: filters[i], startDate: start.millis / 1000, endDate: end.millis / 1000)))
        }
        return validated
    }

    private func checkCount(_ queries: [BatchGetMetricDataRequest.Query]?) throws(AWSError) -> [BatchGetMetricDataRequest.Query] {
        var violations = ValidationViolations()
        guard let queries else {
            violations.add(at: "queries", "Member must not be null")
            throw violations.error!
        }
        if queries.isEmpty {
            violations.add(at: "queries", "Member must have length greater than or equal to 1")
        } else if queries.count > Self.maxQueries {
            violations.add(at: "queries", "Member must have length less than or equal to \(Self.maxQueries)")
        }
        if let error = violations.error { throw error }
        return queries
    }

    private func checkUniqueIDs(_ queries: [BatchGetMetricDataRequest.Query]) throws(AWSError) {
        var seen = Set<String>()
        for query in queries {
            if let id = query.id, !seen.insert(id).inserted {
                throw .badRequest("All queries must have a unique identifier.")
            }
        }
    }

    private func checkDimensionNames(_ queries: [BatchGetMetricDataRequest.Query]) throws(AWSError) {
        for query in queries {
            for (name, _) in query.dimensions ?? [] where Dimension(rawValue: name) == nil {
                throw .badRequest("Unsupported dimension provided.")
            }
        }
    }

    /// The model's constraints, per query in the order metric, namespace, id, dimensions, dates;
    /// every violation in one message. Returns each query's metric, parsed here once.
    private func checkMembers(_ queries: [BatchGetMetricDataRequest.Query]) throws(AWSError) -> [Metric] {
        var v = ValidationViolations()
        var metrics: [Metric] = []
        metrics.reserveCapacity(queries.count)
        for (i, q) in queries.enumerated() {
            // Built only for a violation, not for every valid query.
            func path(_ member: String) -> String { "queries.\(i + 1).member.\(member)" }
            if let name = q.metric {
                if let metric = Metric(rawValue: name) {
                    metrics.append(metric)
                } else {
                    v.add(at: path("metric"), "Member must satisfy enum value set: \(Self.metricEnumText)")
                }
            } else {
                v.add(at: path("metric"), "Member must not be null")
            }
            if let namespace = q.namespace {
                if !Self.namespaces.contains(namespace) {
                    v.add(at: path("namespace"), "Member must satisfy enum value set: [\(Self.namespaces.joined(separator: ", "))]")
                }
            } else {
                v.add(at: path("namespace"), "Member must not be null")
            }
            if let id = q.id {
                let length = id.unicodeScalars.count
                if length < 1 { v.add(at: path("id"), "Member must have length greater than or equal to 1") }
                if length > 255 { v.add(at: path("id"), "Member must have length less than or equal to 255") }
            } else {
                v.add(at: path("id"), "Member must not be null")
            }
            if let dimensions = q.dimensions {
                if dimensions.isEmpty {
                    v.add(at: path("dimensions"), "Member must have length greater than or equal to 1")
                } else if dimensions.count > Self.maxDimensions {
                    v.add(at: path("dimensions"), "Member must have length less than or equal to \(Self.maxDimensions)")
                }
            }
            if q.startDate == nil { v.add(at: path("startDate"), "Member must not be null") }
            if q.endDate == nil { v.add(at: path("endDate"), "Member must not be null") }
        }
        if let error = v.error { throw error }
        return metrics
    }

    /// Every dimension value of every query, before any date is looked at.
    private func checkDimensionValues(_ queries: [BatchGetMetricDataRequest.Query]) throws(AWSError) -> [DimensionFilter] {
        var filters: [DimensionFilter] = []
        filters.reserveCapacity(queries.count)
        for query in queries {
            var values: [Dimension: String] = [:]
            for (name, value) in query.dimensions ?? [] {
                let dimension = Dimension(rawValue: name)!
                if wildcards == .all && value == DimensionFilter.wildcard {
                    values[dimension] = value
                    continue
                }
                try Self.check(dimension, value)
                values[dimension] = value
            }
            filters.append(DimensionFilter(emailIdentity: values[.EMAIL_IDENTITY], configurationSet: values[.CONFIGURATION_SET],
                                           isp: values[.ISP], tenantName: values[.TENANT_NAME]))
        }
        return filters
    }

    package static func check(_ dimension: Dimension, _ value: String) throws(AWSError) {
        switch dimension {
        case .EMAIL_IDENTITY:
            if !isEmailIdentity(value) { throw .badRequest("Invalid email identity provided.") }
        case .ISP:
            if !DimensionFilter.isWellFormedName(value) { throw .badRequest("Invalid ISP name provided.") }
        case .CONFIGURATION_SET:
            if value.isEmpty { throw .badRequest("The configuration set name must be specified.") }
            if !DimensionFilter.isWellFormedName(value) {
                throw .badRequest("Invalid configuration set name \(value): only alphanumeric ASCII characters, '_', and '-' are allowed.")
            }
        case .TENANT_NAME:
            if value.isEmpty { throw .badRequest("TenantName cannot be empty") }
            if !DimensionFilter.isWellFormedName(value) {
                throw .badRequest("Invalid tenant name \(value): only alphanumeric ASCII characters, '_', and '-' are allowed.")
            }
        }
    }

    /// A domain or `local@domain`: no white space, both halves of an address present.
    package static func isEmailIdentity(_ value: String) -> Bool {
        guard !value.isEmpty, value != DimensionFilter.wildcard else { return false }
        var ats = 0, atIndex = 0, count = 0, ascii = true
        for byte in value.utf8 {
            if byte == UInt8(ascii: "@") { ats += 1; atIndex = count }
            if byte >= 0x80 { ascii = false } else if ASCIIWhitespace.contains(byte) { return false }
            count += 1
        }
        // Only text beyond ASCII needs the Unicode tables (U+00A0, U+2003, ...).
        if !ascii, value.unicodeScalars.contains(where: { $0.properties.isWhitespace }) { return false }
        return ats == 0 || (ats == 1 && atIndex > 0 && atIndex < count - 1)
    }

    /// Start before end, the range within the limit, then whole UTC days.
    private func checkDates(_ q: BatchGetMetricDataRequest.Query) throws(AWSError) -> (WireTimestamp, WireTimestamp) {
        let start = q.startDate!, end = q.endDate!
        guard start.millis < end.millis else {
            throw .badRequest("Expected start date to be before the end date.")
        }
        guard end.millis - start.millis <= Int64(maxRangeDays) * UTCCalendar.millisPerDay else {
            throw .badRequest("Invalid interval, can request at most \(maxRangeDays) days. Please partition your requested interval.")
        }
        for (name, t) in [("StartDate", start), ("EndDate", end)] where t.millis % UTCCalendar.millisPerDay != 0 || t.finerThanMillis {
            throw .badRequest("\(name) of query '\(q.id!)' must be a whole UTC day (midnight, 00:00:00Z); got \(UTCCalendar.rfc3339(millis: t.millis)).")
        }
        return (start, end)
    }

    package init(maxRangeDays: Int, wildcards: WildcardPolicy) {
        self.maxRangeDays = maxRangeDays
        self.wildcards = wildcards
    }
}

/// The ASCII code points with Unicode's White_Space property: tab, line feed, vertical tab, form
/// feed, carriage return and space.
private enum ASCIIWhitespace {
    static func contains(_ byte: UInt8) -> Bool { (0x09...0x0D).contains(byte) || byte == 0x20 }
}
