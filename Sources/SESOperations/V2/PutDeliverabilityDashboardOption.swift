import AWSModel
import JSON
import SESDomain
import SESWire

/// `PUT /v2/email/deliverability-dashboard`: the dashboard on (with its subscribed domains, each a
/// created identity) or off.
package struct PutDeliverabilityDashboardOption: ModelOperation {
    package static let name = "PutDeliverabilityDashboardOption"

    package let dashboard: DeliverabilityDashboard
    package let identities: ResourceRegistry

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        var domains: [(domain: String, option: JSONFragment?)] = []
        for item in input["SubscribedDomains"]?.list ?? [] {
            let domain = item["Domain"]?.string ?? ""
            guard try identities.created.find(domain) != nil else { throw .notFound("Email identity \(domain) does not exist.") }
            guard !domains.contains(where: { $0.domain.lowercased() == domain.lowercased() }) else {
                throw .alreadyExists("Domain \(domain) is subscribed more than once.")
            }
            domains.append((domain, item["InboxPlacementTrackingOption"].map { Self.wire.stored($0, as: "InboxPlacementTrackingOption") }))
        }
        try dashboard.setOptions(enabled: input["DashboardEnabled"]?.boolean ?? false, domains: domains, atMillis: exchange.startedEpochMillis)
        return .empty
    }

    package init(dashboard: DeliverabilityDashboard, identities: ResourceRegistry) {
        self.dashboard = dashboard
        self.identities = identities
    }
}
