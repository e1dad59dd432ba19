import AWSModel
import SESDomain
import SESWire

/// `GET /v2/email/account`: the account's settings, its sending quota and what it sent in the
/// last 24 hours.
package struct GetAccount: ModelOperation {
    package static let name = "GetAccount"

    package let account: AccountState
    package let quota: SendQuota

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        let sent = try quota.sentLast24Hours(at: exchange.startedEpochMillis)
        let sendQuota = JSONFragment.object([("Max24HourSend", .int(Int64(quota.max24HourSend))),
                                             ("MaxSendRate", .int(Int64(quota.maxSendRate))), ("SentLast24Hours", .int(sent))])
        let members: [(String, JSONFragment)] = [
            ("EnforcementStatus", .string("HEALTHY")),
            ("SendQuota", sendQuota),
        ] + account.settings.members
        return Self.wire.value(.object(members), as: "GetAccountResponse")
    }

    package init(account: AccountState, quota: SendQuota) {
        self.account = account
        self.quota = quota
    }
}
