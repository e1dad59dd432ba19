import MetricsStore
import Support

/// The account's sending quota, one for both APIs (SESv2 GetAccount's `SendQuota`, SES v1
/// GetSendQuota): the configured limits and the recipients of the last 24 hours' sends.
struct SendQuota: Sendable {
    let store: MetricsStore
    let max24HourSend: Int
    let maxSendRate: Int

    func sentLast24Hours(at now: Int64) throws(AWSError) -> Int64 {
        do {
            return try store.sentRecipients(fromMillis: now - UTCCalendar.millisPerDay, toMillis: now)
        } catch {
            throw .internalFailure("Internal error while reading the sending quota: \(error)")
        }
    }
}
