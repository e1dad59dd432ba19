import AWSModel
import SESDomain
import SESWire

/// `POST /v2/email/account/delivery`: GetAccount's DeliveryAttributes.SharedPoolDeliveryMode.
package struct PutAccountDeliveryAttributes: ModelOperation {
    package static let name = "PutAccountDeliveryAttributes"

    package let account: AccountState

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        let mode = input["SharedPoolDeliveryMode"]?.string
        try account.update { $0.sharedPoolDeliveryMode = mode }
        return .empty
    }

    package init(account: AccountState) { self.account = account }
}
