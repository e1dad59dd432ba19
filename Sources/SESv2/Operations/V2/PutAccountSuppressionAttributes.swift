import AWSModel

/// `PUT /v2/email/account/suppression`: the reasons that put addresses on the account's
/// suppression list, and its validation threshold.
struct PutAccountSuppressionAttributes: ModelOperation {
    static let name = "PutAccountSuppressionAttributes"

    typealias Input = SuppressionAttributes.Change

    let account: AccountState

    func input(_ value: ModelValue) throws(AWSError) -> SuppressionAttributes.Change {
        let threshold = value["ValidationAttributes"]?["ConditionThreshold"]
        return SuppressionAttributes.Change(
            suppressedReasons: value["SuppressedReasons"]?.list?.compactMap(\.string),
            validation: threshold.map { threshold in
                SuppressionAttributes.ConditionThreshold(
                    enabled: threshold["ConditionThresholdEnabled"]?.string ?? "",
                    confidenceVerdictThreshold: threshold["OverallConfidenceThreshold"]?["ConfidenceVerdictThreshold"]?.string)
            })
    }

    func handle(_ change: SuppressionAttributes.Change, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        try account.update { $0.suppression = $0.suppression.applying(change) }
        return .empty
    }
}
