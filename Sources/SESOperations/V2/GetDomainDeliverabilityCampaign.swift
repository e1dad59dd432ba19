import AWSModel
import SESDomain
import SESWire

/// `GET /v2/email/deliverability-dashboard/campaigns/{CampaignId}`: one campaign of a subscribed domain.
package struct GetDomainDeliverabilityCampaign: ModelOperation {
    package static let name = "GetDomainDeliverabilityCampaign"

    package let dashboard: DeliverabilityDashboard

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        try dashboard.requireEnabled()
        let id = input["CampaignId"]?.string ?? ""
        for domain in try dashboard.subscribedDomains() {
            if let campaign = try dashboard.campaigns(domain: domain, startMillis: 0, endMillis: .max)
                .first(where: { Self.wire.value($0, as: "DomainDeliverabilityCampaign")["CampaignId"]?.string == id }) {
                return .structure(["DomainDeliverabilityCampaign": Self.wire.value(campaign, as: "DomainDeliverabilityCampaign")])
            }
        }
        throw .notFound("Campaign \(id) does not exist.")
    }

    package init(dashboard: DeliverabilityDashboard) { self.dashboard = dashboard }
}
