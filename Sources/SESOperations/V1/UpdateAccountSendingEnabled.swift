import AWSModel
import SESDomain
import SESWire

/// SES v1 `UpdateAccountSendingEnabled`: the same switch (off unless `Enabled` is true).
package struct UpdateAccountSendingEnabled: ModelOperation {
    package static let name = "UpdateAccountSendingEnabled"
    package static let wire = ModelWire.ses
    package let account: AccountState

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        let enabled = input["Enabled"]?.boolean ?? false
        try account.update { $0.sendingEnabled = enabled }
        return .empty
    }

    package init(account: AccountState) { self.account = account }
}
