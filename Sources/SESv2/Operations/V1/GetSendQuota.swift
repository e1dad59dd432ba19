import AWSModel

/// SES v1 `GetSendQuota`: the counters of SESv2 GetAccount's `SendQuota`.
struct GetSendQuota: ModelOperation {
    static let name = "GetSendQuota"
    static let wire = ModelWire.ses

    let quota: SendQuota

    func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        .structure([
            "Max24HourSend": .double(Double(quota.max24HourSend)),
            "MaxSendRate": .double(Double(quota.maxSendRate)),
            "SentLast24Hours": .double(Double(try quota.sentLast24Hours(at: exchange.startedEpochMillis))),
        ])
    }
}
