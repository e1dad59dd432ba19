import AWSModel
import SESDomain
import SESWire

/// SES v1 `GetSendQuota`: the counters of SESv2 GetAccount's `SendQuota`.
package struct GetSendQuota: ModelOperation {
    package static let name = "GetSendQuota"
    package static let wire = ModelWire.ses

    package let quota: SendQuota

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        .structure([
            "Max24HourSend": .double(Double(quota.max24HourSend)),
            "MaxSendRate": .double(Double(quota.maxSendRate)),
            "SentLast24Hours": .double(Double(try quota.sentLast24Hours(at: exchange.startedEpochMillis))),
        ])
    }

    package init(quota: SendQuota) { self.quota = quota }
}
