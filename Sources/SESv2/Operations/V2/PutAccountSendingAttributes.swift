/// `PUT /v2/email/account/sending`: pauses or resumes the account's sending (GetAccount's `SendingEnabled`).
struct PutAccountSendingAttributes: SESOperation {
    static let name = "PutAccountSendingAttributes"

    let account: AccountState

    /// nil: the request leaves `SendingEnabled` out, and nothing changes.
    func decode(_ exchange: SESExchange) throws(AWSError) -> Bool? {
        try RequestBody.parse(exchange.request.body).bool("SendingEnabled")
    }

    func execute(_ enabled: Bool?, _ exchange: SESExchange) throws(AWSError) -> OperationResult {
        if let enabled { try account.update { $0.sendingEnabled = enabled } }
        return OperationResult(body: Array("{}".utf8))
    }
}
