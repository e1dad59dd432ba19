import AWSModel
import SESDomain
import SESWire

/// `PUT /v2/email/account/sending`: pauses or resumes the account's sending (GetAccount's `SendingEnabled`).
package struct PutAccountSendingAttributes: ModelOperation {
    package static let name = "PutAccountSendingAttributes"

    package let account: AccountState

    /// A request that leaves `SendingEnabled` out changes nothing.
    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        if let enabled = input["SendingEnabled"]?.boolean { try account.update { $0.sendingEnabled = enabled } }
        return .empty
    }

    package init(account: AccountState) { self.account = account }
}
