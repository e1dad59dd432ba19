import AWSModel
import SESDomain
import SESWire
import Support

/// `GET /v2/email/deliverability-dashboard/statistics-report/{Domain}`: the domain's daily inbox
/// and spam volumes from the stored events (DeliverabilityDashboard); StartDate and EndDate are
/// taken to whole UTC days, at most the metric range limit apart.
package struct GetDomainStatisticsReport: ModelOperation {
    package static let name = "GetDomainStatisticsReport"

    package let dashboard: DeliverabilityDashboard
    package let maxRangeDays: Int

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        try dashboard.requireEnabled()
        let day = UTCCalendar.secondsPerDay
        let start = Int64((input["StartDate"]?.timestamp ?? 0).rounded(.down)) / day * day
        let end = (Int64((input["EndDate"]?.timestamp ?? 0).rounded(.up)) + day - 1) / day * day
        guard start < end else { throw .badRequest("Expected start date to be before the end date.") }
        guard (end - start) / day <= maxRangeDays else {
            throw .badRequest("Invalid interval, can request at most \(maxRangeDays) days. Please partition your requested interval.")
        }
        let document = try dashboard.statistics(domain: input["Domain"]?.string ?? "", startDay: start, endDay: end)
        return Self.wire.value(document, as: "GetDomainStatisticsReportResponse")
    }

    package init(dashboard: DeliverabilityDashboard, maxRangeDays: Int) {
        self.dashboard = dashboard
        self.maxRangeDays = maxRangeDays
    }
}
