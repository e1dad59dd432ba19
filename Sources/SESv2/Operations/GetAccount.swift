import MetricsStore
import Support

/// `GET /v2/email/account`: the account's settings, its sending quota and what it sent in the
/// last 24 hours.
struct GetAccount: SESOperation {
    static let name = "GetAccount"

    let account: AccountState
    let store: MetricsStore
    let max24HourSend: Int
    let maxSendRate: Int

    func decode(_ exchange: SESExchange) throws(AWSError) {}

    func execute(_ input: Void, _ exchange: SESExchange) throws(AWSError) -> OperationResult {
        let now = exchange.startedEpochMillis
        let sent: Int64
        do {
            sent = try store.sentRecipients(fromMillis: now - UTCCalendar.millisPerDay, toMillis: now)
        } catch {
            throw .internalFailure("Internal error while reading the sending quota: \(error)")
        }
        let quota = JSONFragment.object([("Max24HourSend", .int(Int64(max24HourSend))), ("MaxSendRate", .int(Int64(maxSendRate))),
                                         ("SentLast24Hours", .int(sent))])
        let members: [(String, JSONFragment)] = [
            ("DedicatedIpAutoWarmupEnabled", .bool(false)),
            ("EnforcementStatus", .string("HEALTHY")),
            ("SendQuota", quota),
        ] + account.settings.members
        return OperationResult(body: JSONFragment.object(members).bytes)
    }
}
