import SESDomain
import SESWire

/// `POST /v2/email/account/details`: the account's mail type, website and contacts. GetAccount
/// shows them as `Details` from then on, with the review granted at once.
package struct PutAccountDetails: SESOperation {
    package static let name = "PutAccountDetails"

    package struct Input: Sendable {
        package let details: AccountDetails
        package let productionAccessEnabled: Bool?
    }

    package let account: AccountState

    package func decode(_ exchange: SESExchange) throws(AWSError) -> RequestBody {
        try RequestBody.parse(exchange.request.body)
    }

    package func validate(_ body: RequestBody) throws(AWSError) -> Input {
        var v = ValidationViolations()
        let production = try body.bool("ProductionAccessEnabled")
        // A number like AWS's support case ids, unique enough for an emulator.
        let caseId = String(UInt64.random(in: 10_000_000_000...99_999_999_999))
        let details = try AccountDetails.read(body, at: "", caseId: caseId, into: &v)
        if let error = v.error { throw error }
        return Input(details: details!, productionAccessEnabled: production)
    }

    package func execute(_ input: Input, _ exchange: SESExchange) throws(AWSError) -> OperationResult {
        try account.update { settings in
            settings.details = input.details
            if let production = input.productionAccessEnabled { settings.productionAccessEnabled = production }
        }
        return OperationResult(body: Array("{}".utf8))
    }

    package init(account: AccountState) { self.account = account }
}
