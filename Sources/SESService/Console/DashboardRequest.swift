import HTTPServer
import MetricsStore
import SESDomain
import SESWire
import Support

/// The parameters of `GET /_emulator/dashboard`, checked: a range of whole UTC days and the
/// filters, each value held to BatchGetMetricData's rules (same checks, same messages), so what
/// the page shows is what an API call with those values answers.
struct DashboardRequest {
    /// Days shown when the page does not say: the last 14 whole UTC days of data, as AWS's VDM
    /// dashboard opens on.
    static let defaultDays: Int64 = 14
    static let parameters = ["start", "end", "identity", "configurationSet", "isp", "tenant"]

    /// Epoch seconds of UTC midnights; the range is [start, end), as a query's.
    let start: Int64
    let end: Int64
    let filter: DimensionFilter

    /// `start` and `end` are `YYYY-MM-DD` (end exclusive); either may be left out: `end` is the
    /// day after `lastDay` (the last day with data; today when none), `start` is 14 days before
    /// `end`. An empty filter value, or none, filters nothing.
    init(query: [(name: String, value: String)], lastDay: Int64?, maxRangeDays: Int) throws(AWSError) {
        var values: [String: String] = [:]
        for (name, value) in query {
            guard Self.parameters.contains(name) else {
                throw .badRequest("Unknown parameter '\(name)'; the dashboard takes \(Self.parameters.joined(separator: ", ")).")
            }
            guard values.updateValue(value, forKey: name) == nil else {
                throw .badRequest("Parameter '\(name)' is given more than once.")
            }
        }
        let day = UTCCalendar.secondsPerDay
        let end = try Self.date("end", values["end"])
            ?? (lastDay.map { $0 + day } ?? UTCCalendar.dayStart(ofMillis: UTCCalendar.nowMillis()))
        let start = try Self.date("start", values["start"]) ?? end - Self.defaultDays * day
        guard start < end else {
            throw .badRequest("start must be before end (end is the first day not shown); got \(UTCCalendar.formatDate(days: start / day)) and \(UTCCalendar.formatDate(days: end / day)).")
        }
        guard end - start <= Int64(maxRangeDays) * day else {
            throw .badRequest("Invalid interval, can request at most \(maxRangeDays) days. Please partition your requested interval.")
        }
        self.start = start
        self.end = end
        filter = DimensionFilter(emailIdentity: try Self.filter(.EMAIL_IDENTITY, values["identity"]),
                                 configurationSet: try Self.filter(.CONFIGURATION_SET, values["configurationSet"]),
                                 isp: try Self.filter(.ISP, values["isp"]),
                                 tenantName: try Self.filter(.TENANT_NAME, values["tenant"]))
    }

    private static func date(_ name: String, _ value: String?) throws(AWSError) -> Int64? {
        guard let value, !value.isEmpty else { return nil }
        guard let midnight = UTCCalendar.parseDate(value) else {
            throw .badRequest("\(name) must be a UTC date YYYY-MM-DD, not '\(value)'.")
        }
        return midnight
    }

    private static func filter(_ dimension: Dimension, _ value: String?) throws(AWSError) -> String? {
        guard let value, !value.isEmpty else { return nil }
        try RequestValidator.check(dimension, value)
        return value
    }
}
