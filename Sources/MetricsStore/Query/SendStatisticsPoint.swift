/// One 15-minute interval of SES v1's GetSendStatistics.
public struct SendStatisticsPoint: Sendable, Equatable {
    public static let intervalMillis: Int64 = 15 * 60 * 1000

    /// The interval's start, epoch milliseconds.
    public var startMillis: Int64
    public var deliveryAttempts: Int64 = 0
    public var bounces: Int64 = 0
    public var complaints: Int64 = 0

    public init(startMillis: Int64, deliveryAttempts: Int64 = 0, bounces: Int64 = 0, complaints: Int64 = 0) {
        self.startMillis = startMillis
        self.deliveryAttempts = deliveryAttempts
        self.bounces = bounces
        self.complaints = complaints
    }
}
