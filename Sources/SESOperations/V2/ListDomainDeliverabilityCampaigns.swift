import AWSModel
import SESDomain
import SESWire

/// `GET /v2/email/deliverability-dashboard/domains/{SubscribedDomain}/campaigns`: the campaigns of
/// mail sent here from a subscribed domain in the range, by CampaignId.
package struct ListDomainDeliverabilityCampaigns: ModelOperation {
    package static let name = "ListDomainDeliverabilityCampaigns"

    package let dashboard: DeliverabilityDashboard

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        try dashboard.requireEnabled()
        let domain = input["SubscribedDomain"]?.string ?? ""
        try dashboard.requireSubscribed(domain)
        let start = input["StartDate"]?.timestamp ?? 0, end = input["EndDate"]?.timestamp ?? 0
        guard start < end else { throw .badRequest("Expected start date to be before the end date.") }
        let campaigns = try dashboard.campaigns(domain: domain, startMillis: Int64(start * 1000), endMillis: Int64(end * 1000))
            .map { Self.wire.value($0, as: "DomainDeliverabilityCampaign") }
        return try PagedList.answer(input, campaigns, member: "DomainDeliverabilityCampaigns",
                                    key: { $0["CampaignId"]?.string ?? "" }) { $0 }
    }

    package init(dashboard: DeliverabilityDashboard) { self.dashboard = dashboard }
}
