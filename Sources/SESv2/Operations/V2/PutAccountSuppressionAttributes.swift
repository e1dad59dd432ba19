/// `PUT /v2/email/account/suppression`: the reasons that put addresses on the account's
/// suppression list, and its validation threshold.
struct PutAccountSuppressionAttributes: SESOperation {
    static let name = "PutAccountSuppressionAttributes"

    let account: AccountState

    func decode(_ exchange: SESExchange) throws(AWSError) -> RequestBody {
        try RequestBody.parse(exchange.request.body)
    }

    func validate(_ body: RequestBody) throws(AWSError) -> SuppressionAttributes.Change {
        var v = ValidationViolations()
        let change = try SuppressionAttributes.read(body, at: "", into: &v)
        if let error = v.error { throw error }
        return change!
    }

    func execute(_ change: SuppressionAttributes.Change, _ exchange: SESExchange) throws(AWSError) -> OperationResult {
        try account.update { $0.suppression = $0.suppression.applying(change) }
        return OperationResult(body: Array("{}".utf8))
    }
}
