import AWSModel
import JSON
import SESDomain
import SESWire

/// `GET /v2/email/deliverability-dashboard/test-reports`: newest first; a NextToken is a position.
package struct ListDeliverabilityTestReports: ModelOperation {
    package static let name = "ListDeliverabilityTestReports"

    package let dashboard: DeliverabilityDashboard

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        let reports = try dashboard.reports.all().sorted { ($0.createdMillis, $0.name) > ($1.createdMillis, $1.name) }
        return try PagedList.answer(input, Array(reports.enumerated()), member: "DeliverabilityTestReports",
                                    key: { PagedList.position($0.offset) }) {
            Self.wire.value(.json(.object($0.element.document)), as: "DeliverabilityTestReport")
        }
    }

    package init(dashboard: DeliverabilityDashboard) { self.dashboard = dashboard }
}
