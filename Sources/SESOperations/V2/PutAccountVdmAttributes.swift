import AWSModel
import SESDomain
import SESWire

/// `PUT /v2/email/account/vdm`: turns Virtual Deliverability Manager (and its dashboard and
/// guardian) on or off; BatchGetMetricData's gate follows at once.
package struct PutAccountVdmAttributes: ModelOperation {
    package static let name = "PutAccountVdmAttributes"

    package typealias Input = VdmAttributes.Change

    package let account: AccountState

    package func input(_ value: ModelValue) throws(AWSError) -> VdmAttributes.Change {
        let attributes = value["VdmAttributes"]
        return VdmAttributes.Change(vdmEnabled: attributes?["VdmEnabled"]?.string ?? "",
                                    engagementMetrics: attributes?["DashboardAttributes"]?["EngagementMetrics"]?.string,
                                    optimizedSharedDelivery: attributes?["GuardianAttributes"]?["OptimizedSharedDelivery"]?.string)
    }

    package func handle(_ change: VdmAttributes.Change, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        try account.update { $0.vdm = $0.vdm.applying(change) }
        return .empty
    }

    package init(account: AccountState) { self.account = account }
}
