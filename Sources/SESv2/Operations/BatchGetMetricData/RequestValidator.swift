import MetricsStore

/// One query that passed every check, ready for the store.
struct ValidatedQuery: Sendable {
    let id: String
    let query: MetricQuery
}

/// Checks the decoded request's constraints. The model's constraints (required members, lengths,
/// enums) are reported together in AWS's validation style; the rules AWS leaves unspecified
/// (unique ids, known ISPs, whole days, range length) follow as single BadRequest messages.
struct RequestValidator {
    static let namespaces = ["VDM"]
    static let dimensionKeys = ["EMAIL_IDENTITY", "CONFIGURATION_SET", "ISP"]
    static let secondsPerDay: Int64 = 86_400

    let catalog: ISPCatalog
    let maxRangeDays: Int

    func validate(_ request: BatchGetMetricDataRequest) throws(AWSError) -> [ValidatedQuery] {
        var violations = ValidationViolations()
        guard let queries = request.queries else {
            violations.add(nil, at: "queries", "Member must not be null")
            throw violations.error!
        }
        if queries.isEmpty {
            violations.add("[]", at: "queries", "Member must have length greater than or equal to 1")
        } else if queries.count > 10 {
            violations.add("[" + queries.map { $0.id ?? "null" }.joined(separator: ", ") + "]", at: "queries",
                           "Member must have length less than or equal to 10")
        }
        for (i, query) in queries.enumerated() {
            checkSchema(query, path: "queries.\(i + 1).member", into: &violations)
        }
        if let error = violations.error { throw error }
        var idCounts: [String: Int] = [:]
        for query in queries { idCounts[query.id!, default: 0] += 1 }
        var validated: [ValidatedQuery] = []
        validated.reserveCapacity(queries.count)
        for query in queries {
            validated.append(try checkSemantics(query, idCount: idCounts[query.id!]!))
        }
        return validated
    }

    /// `path` is an autoclosure: built only for a violation, not for every valid query.
    private func checkSchema(_ q: BatchGetMetricDataRequest.Query, path: @autoclosure () -> String,
                             into v: inout ValidationViolations) {
        if let id = q.id {
            let length = id.unicodeScalars.count
            if length < 1 { v.add(id, at: path() + ".id", "Member must have length greater than or equal to 1") }
            if length > 255 { v.add(id, at: path() + ".id", "Member must have length less than or equal to 255") }
        } else {
            v.add(nil, at: path() + ".id", "Member must not be null")
        }
        if let namespace = q.namespace {
            if !Self.namespaces.contains(namespace) {
                v.add(namespace, at: path() + ".namespace", "Member must satisfy enum value set: [\(Self.namespaces.joined(separator: ", "))]")
            }
        } else {
            v.add(nil, at: path() + ".namespace", "Member must not be null")
        }
        if let metric = q.metric {
            if Metric(rawValue: metric) == nil {
                let names = Metric.allCases.map(\.rawValue).joined(separator: ", ")
                v.add(metric, at: path() + ".metric", "Member must satisfy enum value set: [\(names)]")
            }
        } else {
            v.add(nil, at: path() + ".metric", "Member must not be null")
        }
        if let dimensions = q.dimensions {
            var rendered: String { "{" + dimensions.map { "\($0.key)=\($0.value)" }.joined(separator: ", ") + "}" }
            if dimensions.isEmpty {
                v.add(rendered, at: path() + ".dimensions", "Member must have length greater than or equal to 1")
            } else if dimensions.count > 3 {
                v.add(rendered, at: path() + ".dimensions", "Member must have length less than or equal to 3")
            }
            if dimensions.contains(where: { !Self.dimensionKeys.contains($0.key) }) {
                v.add(rendered, at: path() + ".dimensions",
                      "Map keys must satisfy constraint: [Member must satisfy enum value set: [\(Self.dimensionKeys.joined(separator: ", "))]]")
            }
            if dimensions.contains(where: { $0.value.isEmpty }) {
                v.add(rendered, at: path() + ".dimensions",
                      "Map values must satisfy constraint: [Member must have length greater than or equal to 1]")
            }
        }
        if q.startDate == nil { v.add(nil, at: path() + ".startDate", "Member must not be null") }
        if q.endDate == nil { v.add(nil, at: path() + ".endDate", "Member must not be null") }
    }

    /// Runs after the schema checks passed, so every required member is present and valid.
    /// `idCount`: how many queries of the batch carry this query's Id.
    private func checkSemantics(_ q: BatchGetMetricDataRequest.Query, idCount: Int) throws(AWSError) -> ValidatedQuery {
        let id = q.id!
        if idCount > 1 {
            throw .badRequest("Duplicate query Id '\(id)': every query in a batch needs a unique Id.")
        }
        var emailIdentity: String?, configurationSet: String?, isp: String?
        for (key, value) in q.dimensions ?? [] {
            switch key {
            case "EMAIL_IDENTITY": emailIdentity = value
            case "CONFIGURATION_SET": configurationSet = value
            case "ISP": isp = value
            default: break
            }
        }
        let dimensions = DimensionFilter(emailIdentity: emailIdentity, configurationSet: configurationSet, isp: isp)
        if let isp = dimensions.isp, !catalog.contains(isp) {
            throw .badRequest("Invalid ISP '\(isp)' in query '\(id)'. Valid values: \(catalog.names.joined(separator: ", ")), or *.")
        }
        let start = q.startDate!, end = q.endDate!
        for (name, t) in [("StartDate", start), ("EndDate", end)] where t.hasFraction || t.seconds % Self.secondsPerDay != 0 {
            throw .badRequest("\(name) of query '\(id)' must be a whole UTC day (midnight, 00:00:00Z); got \(t.text).")
        }
        guard start.seconds < end.seconds else {
            throw .badRequest("StartDate of query '\(id)' must be earlier than its EndDate.")
        }
        let days = (end.seconds - start.seconds) / Self.secondsPerDay
        guard days <= Int64(maxRangeDays) else {
            throw .badRequest("The date range of query '\(id)' covers \(days) days; at most \(maxRangeDays) are allowed.")
        }
        let query = MetricQuery(metric: Metric(rawValue: q.metric!)!, dimensions: dimensions,
                                startDate: start.seconds, endDate: end.seconds)
        return ValidatedQuery(id: id, query: query)
    }
}

/// AWS's validation message: "2 validation errors detected: Value 'X' at 'a.b' failed to satisfy constraint: ...; ...".
struct ValidationViolations {
    private(set) var items: [String] = []

    mutating func add(_ value: String?, at path: String, _ constraint: String) {
        let rendered = value.map { "'\($0)'" } ?? "null"
        items.append("Value \(rendered) at '\(path)' failed to satisfy constraint: \(constraint)")
    }

    var error: AWSError? {
        guard !items.isEmpty else { return nil }
        let noun = items.count == 1 ? "validation error" : "validation errors"
        return .badRequest("\(items.count) \(noun) detected: " + items.joined(separator: "; "))
    }
}
