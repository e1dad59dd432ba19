/// `GET /v2/email/account`: the account's settings, its sending quota and what it sent in the
/// last 24 hours.
struct GetAccount: SESOperation {
    static let name = "GetAccount"

    let account: AccountState
    let quota: SendQuota

    func decode(_ exchange: SESExchange) throws(AWSError) {}

    func execute(_ input: Void, _ exchange: SESExchange) throws(AWSError) -> OperationResult {
        let sent = try quota.sentLast24Hours(at: exchange.startedEpochMillis)
        let quota = JSONFragment.object([("Max24HourSend", .int(Int64(quota.max24HourSend))), ("MaxSendRate", .int(Int64(quota.maxSendRate))),
                                         ("SentLast24Hours", .int(sent))])
        let members: [(String, JSONFragment)] = [
            ("DedicatedIpAutoWarmupEnabled", .bool(false)),
            ("EnforcementStatus", .string("HEALTHY")),
            ("SendQuota", quota),
        ] + account.settings.members
        return OperationResult(body: JSONFragment.object(members).bytes)
    }
}
