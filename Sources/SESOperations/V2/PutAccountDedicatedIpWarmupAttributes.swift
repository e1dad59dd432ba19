import AWSModel
import SESDomain
import SESWire

/// `PUT /v2/email/account/dedicated-ips/warmup`: GetAccount's DedicatedIpAutoWarmupEnabled
/// (off unless `AutoWarmupEnabled` is true).
package struct PutAccountDedicatedIpWarmupAttributes: ModelOperation {
    package static let name = "PutAccountDedicatedIpWarmupAttributes"

    package let account: AccountState

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        let enabled = input["AutoWarmupEnabled"]?.boolean ?? false
        try account.update { $0.dedicatedIpAutoWarmupEnabled = enabled }
        return .empty
    }

    package init(account: AccountState) { self.account = account }
}
