import AWSModel

/// `PUT /v2/email/account/sending`: pauses or resumes the account's sending (GetAccount's `SendingEnabled`).
struct PutAccountSendingAttributes: ModelOperation {
    static let name = "PutAccountSendingAttributes"

    let account: AccountState

    /// A request that leaves `SendingEnabled` out changes nothing.
    func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        if let enabled = input["SendingEnabled"]?.boolean { try account.update { $0.sendingEnabled = enabled } }
        return .empty
    }
}
