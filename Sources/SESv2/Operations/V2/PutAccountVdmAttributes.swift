/// `PUT /v2/email/account/vdm`: turns Virtual Deliverability Manager (and its dashboard and
/// guardian) on or off; BatchGetMetricData's gate follows at once.
struct PutAccountVdmAttributes: SESOperation {
    static let name = "PutAccountVdmAttributes"

    let account: AccountState

    func decode(_ exchange: SESExchange) throws(AWSError) -> RequestBody {
        try RequestBody.parse(exchange.request.body)
    }

    func validate(_ body: RequestBody) throws(AWSError) -> VdmAttributes.Change {
        var v = ValidationViolations()
        let change = try VdmAttributes.read(body, at: "vdmAttributes", into: &v)
        if let error = v.error { throw error }
        return change!
    }

    func execute(_ change: VdmAttributes.Change, _ exchange: SESExchange) throws(AWSError) -> OperationResult {
        try account.update { $0.vdm = $0.vdm.applying(change) }
        return OperationResult(body: Array("{}".utf8))
    }
}
