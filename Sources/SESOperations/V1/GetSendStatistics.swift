import AWSModel
import MetricsStore
import SESDomain
import SESWire

/// SES v1 `GetSendStatistics`: the last two weeks in 15-minute intervals with activity, oldest
/// first, from the stored events: `DeliveryAttempts`, `Bounces` (hard) and `Complaints` count
/// what BatchGetMetricData's SEND, PERMANENT_BOUNCE and COMPLAINT count, so the two agree over
/// the same events; `Rejects` is 0 (nothing is rejected for content here). A send's outcome is
/// dated seconds after it, so the window reaches an hour past now: the outcome counts at once.
package struct GetSendStatistics: ModelOperation {
    package static let name = "GetSendStatistics"
    package static let wire = ModelWire.ses
    static let windowMillis: Int64 = 14 * 86_400_000
    static let aheadMillis: Int64 = 3_600_000

    package let store: MetricsStore

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        let now = exchange.startedEpochMillis
        let points = try AWSError.fromStore { try store.sendStatistics(fromMillis: now - Self.windowMillis, toMillis: now + Self.aheadMillis) }
        return .structure(["SendDataPoints": .list(points.map { point in
            .structure([
                "Timestamp": .timestamp(Double(point.startMillis) / 1000),
                "DeliveryAttempts": .integer(point.deliveryAttempts), "Bounces": .integer(point.bounces),
                "Complaints": .integer(point.complaints), "Rejects": .integer(0),
            ])
        })])
    }

    package init(store: MetricsStore) { self.store = store }
}
