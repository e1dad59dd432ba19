import AWSModel
import SESDomain
import SESWire

/// `PUT /v2/email/account/pricing-attributes`: the plan becomes GetAccount's
/// PricingAttributes.NextPlan (it takes effect at the next monthly cycle, which never comes
/// here); asking for the current plan cancels a scheduled change, asking again for the scheduled
/// one is a ConflictException.
package struct PutAccountPricingAttributes: ModelOperation {
    package static let name = "PutAccountPricingAttributes"

    package let account: AccountState

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        let plan = input["Plan"]?.string ?? ""
        var scheduledAlready = false
        try account.update { settings in
            if settings.nextPlan == plan { scheduledAlready = true } else { settings.nextPlan = plan == settings.currentPlan ? nil : plan }
        }
        if scheduledAlready { throw .conflict("A change to the \(plan) plan is already scheduled.") }
        return .empty
    }

    package init(account: AccountState) { self.account = account }
}
