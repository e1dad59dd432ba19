import Support

/// One metric over a half-open range of UTC days, filtered by up to three dimensions.
/// A nil (or "*") filter means all values; filters never group (one series per query).
public struct MetricQuery: Sendable, Equatable {
    public var metric: Metric
    public var emailIdentity: String?
    public var configurationSet: String?
    public var isp: String?
    /// Epoch seconds, UTC midnights; the range is [startDate, endDate).
    public var startDate: Int64
    public var endDate: Int64

    public init(metric: Metric, emailIdentity: String? = nil, configurationSet: String? = nil, isp: String? = nil,
                startDate: Int64, endDate: Int64) {
        self.metric = metric
        self.emailIdentity = emailIdentity == "*" ? nil : emailIdentity
        self.configurationSet = configurationSet == "*" ? nil : configurationSet
        self.isp = isp == "*" ? nil : isp
        self.startDate = startDate
        self.endDate = endDate
    }

    /// The first day midnight ≥ startDate.
    var firstDay: Int64 {
        UTCCalendar.ceilDays(seconds: startDate) * UTCCalendar.secondsPerDay
    }
}
