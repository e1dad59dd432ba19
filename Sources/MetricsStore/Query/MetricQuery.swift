import Support

/// One metric over a half-open range of UTC days, filtered by up to three dimensions.
/// Filters never group (one series per query).
public struct MetricQuery: Sendable, Equatable {
    public var metric: Metric
    public var dimensions: DimensionFilter
    /// Epoch seconds, UTC midnights; the range is [startDate, endDate).
    public var startDate: Int64
    public var endDate: Int64

    public init(metric: Metric, dimensions: DimensionFilter = DimensionFilter(), startDate: Int64, endDate: Int64) {
        self.metric = metric
        self.dimensions = dimensions
        self.startDate = startDate
        self.endDate = endDate
    }

    /// The first day midnight ≥ startDate.
    var firstDay: Int64 {
        UTCCalendar.ceilDays(seconds: startDate) * UTCCalendar.secondsPerDay
    }
}
