import MetricsStore
import SESDomain
import SESWire
import Support

/// `GET /_emulator/dashboard`: what the console's Dashboard tab shows, read with the queries
/// BatchGetMetricData runs (`MetricsStore.query`, one snapshot), so the page and the API cannot
/// disagree: totals and daily series per metric, the VDM rates, and the same per ISP and per
/// sending identity.
enum DashboardDocument {
    /// A rate and its denominator as AWS's VDM dashboard takes them: engagement and complaints
    /// over the deliveries that could report them, the rest over sends.
    static let rates: [(name: String, numerator: Metric, denominator: Metric)] = [
        ("deliveryRate", .DELIVERY, .SEND),
        ("permanentBounceRate", .PERMANENT_BOUNCE, .SEND),
        ("transientBounceRate", .TRANSIENT_BOUNCE, .SEND),
        ("complaintRate", .COMPLAINT, .DELIVERY_COMPLAINT),
        ("openRate", .OPEN, .DELIVERY_OPEN),
        ("clickRate", .CLICK, .DELIVERY_CLICK),
    ]

    /// Table rows queried at most, per table: the values with the most counted events in the
    /// summary (all time); the rest are counted as `omitted`. Bounds the work of one page load
    /// on data with an identity per message.
    static let maxTableRows = 100

    static func bytes(_ request: DashboardRequest, summary: DataSummary, store: MetricsStore) throws -> [UInt8] {
        let filter = request.filter
        let isps = rows(filter.isp, summary.isps)
        let identities = rows(filter.emailIdentity, summary.identities)
        let ispFilters = isps.shown.map {
            DimensionFilter(emailIdentity: filter.emailIdentity, configurationSet: filter.configurationSet, isp: $0, tenantName: filter.tenantName)
        }
        let identityFilters = identities.shown.map {
            DimensionFilter(emailIdentity: $0, configurationSet: filter.configurationSet, isp: filter.isp, tenantName: filter.tenantName)
        }
        let filters = [filter] + ispFilters + identityFilters
        let queries = filters.flatMap { f in
            Metric.allCases.map { MetricQuery(metric: $0, dimensions: f, startDate: request.start, endDate: request.end) }
        }
        var answers = try store.query(queries, zeroFill: true)[...]
        func next() -> [Metric: DailySeries] {
            defer { answers = answers.dropFirst(Metric.allCases.count) }
            return Dictionary(uniqueKeysWithValues: zip(Metric.allCases, answers.prefix(Metric.allCases.count)))
        }
        let overall = next()
        let ispRows = isps.shown.map { ($0, totals(next())) }
        let identityRows = identities.shown.map { ($0, totals(next())) }

        let day = UTCCalendar.secondsPerDay
        return JSONFragment.object([
            ("start", .string(UTCCalendar.formatDate(days: request.start / day))),
            ("end", .string(UTCCalendar.formatDate(days: request.end / day))),
            ("filters", .object([
                ("identity", filter.emailIdentity.map { .string($0) } ?? .null),
                ("configurationSet", filter.configurationSet.map { .string($0) } ?? .null),
                ("isp", filter.isp.map { .string($0) } ?? .null),
                ("tenant", filter.tenantName.map { .string($0) } ?? .null),
            ])),
            ("days", .array(stride(from: request.start, to: request.end, by: Int(day)).map {
                .string(UTCCalendar.formatDate(days: $0 / day))
            })),
            ("totals", totalsFragment(totals(overall))),
            ("rates", ratesFragment(totals(overall))),
            ("series", .object(Metric.allCases.map { m in (m.rawValue, .array(overall[m]!.values.map { .int($0) })) })),
            ("byIsp", table(ispRows, omitted: isps.omitted)),
            ("byIdentity", table(identityRows, omitted: identities.omitted)),
        ]).bytes
    }

    /// The values a table queries: the filtered one alone, else the summary's, most events first.
    private static func rows(_ filtered: String?, _ counts: [String: Int]) -> (shown: [String], omitted: Int) {
        if let filtered { return ([filtered], 0) }
        let ordered = counts.sorted { a, b in
            a.value != b.value ? a.value > b.value : a.key.utf8.lexicographicallyPrecedes(b.key.utf8)
        }.map(\.key)
        return (Array(ordered.prefix(maxTableRows)), max(0, ordered.count - maxTableRows))
    }

    private static func totals(_ series: [Metric: DailySeries]) -> [Metric: Int64] {
        series.mapValues { $0.values.reduce(0, +) }
    }

    private static func totalsFragment(_ totals: [Metric: Int64]) -> JSONFragment {
        .object(Metric.allCases.map { ($0.rawValue, .int(totals[$0] ?? 0)) })
    }

    /// A rate is null when its denominator is 0 in the range.
    private static func ratesFragment(_ totals: [Metric: Int64]) -> JSONFragment {
        .object(rates.map { rate in
            let denominator = totals[rate.denominator] ?? 0
            return (rate.name, denominator == 0 ? .null : .double(Double(totals[rate.numerator] ?? 0) / Double(denominator)))
        })
    }

    /// Rows with something counted in the range, most sends first (then by name).
    private static func table(_ rows: [(String, [Metric: Int64])], omitted: Int) -> JSONFragment {
        let counted = rows.filter { $0.1.values.contains { $0 != 0 } }.sorted { a, b in
            let (x, y) = (a.1[.SEND] ?? 0, b.1[.SEND] ?? 0)
            return x != y ? x > y : a.0.utf8.lexicographicallyPrecedes(b.0.utf8)
        }
        return .object([
            ("rows", .array(counted.map { name, totals in
                .object([("name", .string(name)), ("totals", totalsFragment(totals)), ("rates", ratesFragment(totals))])
            })),
            ("omitted", .int(Int64(omitted))),
        ])
    }
}
