import MetricsStore
import SESWire
import Support

/// The account's sending quota, one for both APIs (SESv2 GetAccount's `SendQuota`, SES v1
/// GetSendQuota): the configured limits and the recipients of the last 24 hours' sends.
package struct SendQuota: Sendable {
    package let store: MetricsStore
    package let max24HourSend: Int
    package let maxSendRate: Int

    package func sentLast24Hours(at now: Int64) throws(AWSError) -> Int64 {
        do {
            return try store.sentRecipients(fromMillis: now - UTCCalendar.millisPerDay, toMillis: now)
        } catch {
            throw .internalFailure("Internal error while reading the sending quota: \(error)")
        }
    }

    package init(store: MetricsStore, max24HourSend: Int, maxSendRate: Int) {
        self.store = store
        self.max24HourSend = max24HourSend
        self.maxSendRate = maxSendRate
    }
}
