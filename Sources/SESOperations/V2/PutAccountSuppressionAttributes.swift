import AWSModel
import SESDomain
import SESWire

/// `PUT /v2/email/account/suppression`: the reasons that put addresses on the account's
/// suppression list, and its validation threshold.
package struct PutAccountSuppressionAttributes: ModelOperation {
    package static let name = "PutAccountSuppressionAttributes"

    package typealias Input = SuppressionAttributes.Change

    package let account: AccountState

    package func input(_ value: ModelValue) throws(AWSError) -> SuppressionAttributes.Change {
        let threshold = value["ValidationAttributes"]?["ConditionThreshold"]
        return SuppressionAttributes.Change(
            suppressedReasons: value["SuppressedReasons"]?.list?.compactMap(\.string),
            validation: threshold.map { threshold in
                SuppressionAttributes.ConditionThreshold(
                    enabled: threshold["ConditionThresholdEnabled"]?.string ?? "",
                    confidenceVerdictThreshold: threshold["OverallConfidenceThreshold"]?["ConfidenceVerdictThreshold"]?.string)
            })
    }

    package func handle(_ change: SuppressionAttributes.Change, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        try account.update { $0.suppression = $0.suppression.applying(change) }
        return .empty
    }

    package init(account: AccountState) { self.account = account }
}
