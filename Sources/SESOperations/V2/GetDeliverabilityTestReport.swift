import AWSModel
import JSON
import SESDomain
import SESWire

/// `GET /v2/email/deliverability-dashboard/test-reports/{ReportId}`: the report with its
/// placement (CreateDeliverabilityTestReport says which).
package struct GetDeliverabilityTestReport: ModelOperation {
    package static let name = "GetDeliverabilityTestReport"

    package let dashboard: DeliverabilityDashboard
    package let isps: [String]

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        let report = try dashboard.reports.get(input["ReportId"]?.string ?? "")
        let placement = JSONFragment.object([("InboxPercentage", .double(100)), ("SpamPercentage", .double(0)),
                                             ("MissingPercentage", .double(0)), ("SpfPercentage", .double(100)),
                                             ("DkimPercentage", .double(100))])
        let summary = report.document.members.filter { !["Tags", "Message"].contains($0.key) }.map { ($0.key, JSONFragment.json($0.value)) }
        var members: [(String, JSONFragment)] = [
            ("DeliverabilityTestReport", .object(summary)), ("OverallPlacement", placement),
            ("IspPlacements", .array(isps.map { .object([("IspName", .string($0)), ("PlacementStatistics", placement)]) })),
            ("Tags", .json(report["Tags"] ?? .array([]))),
        ]
        if let message = report["Message"] { members.append(("Message", .json(message))) }
        return Self.wire.value(.object(members), as: "GetDeliverabilityTestReportResponse")
    }

    package init(dashboard: DeliverabilityDashboard, isps: [String]) {
        self.dashboard = dashboard
        self.isps = isps
    }
}
