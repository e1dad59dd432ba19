import AWSModel
import SESDomain
import SESWire

/// SES v1 `GetAccountSendingEnabled`: the switch SESv2's PutAccountSendingAttributes sets.
package struct GetAccountSendingEnabled: ModelOperation {
    package static let name = "GetAccountSendingEnabled"
    package static let wire = ModelWire.ses
    package let account: AccountState

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        .structure(["Enabled": .boolean(account.settings.sendingEnabled)])
    }

    package init(account: AccountState) { self.account = account }
}
