import AWSModel
import JSON
import SESDomain
import SESWire

/// `GET /v2/email/deliverability-dashboard/blacklist-report`: the listings of each IP or domain
/// named, as set through `PUT /_emulator/blacklist-reports` (none otherwise).
package struct GetBlacklistReports: ModelOperation {
    package static let name = "GetBlacklistReports"

    package let dashboard: DeliverabilityDashboard

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        try dashboard.requireEnabled()
        let listings = try dashboard.listings()
        let names = input["BlacklistItemNames"]?.list?.compactMap(\.string) ?? []
        let report = names.map { ($0, JSONFragment.json(listings[$0] ?? .array([]))) }
        return Self.wire.value(.object([("BlacklistReport", .object(report))]), as: "GetBlacklistReportsResponse")
    }

    package init(dashboard: DeliverabilityDashboard) { self.dashboard = dashboard }
}
