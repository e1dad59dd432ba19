import AWSModel
import JSON
import SESDomain
import SESWire
import Support

/// `GET /v2/email/deliverability-dashboard`: ACTIVE while enabled, the subscription running to the
/// end of the current UTC month, as AWS bills it.
package struct GetDeliverabilityDashboardOptions: ModelOperation {
    package static let name = "GetDeliverabilityDashboardOptions"

    package let dashboard: DeliverabilityDashboard

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        let options = try dashboard.options()
        let enabled = try dashboard.isEnabled
        var members: [(String, JSONFragment)] = [("DashboardEnabled", .bool(enabled)), ("AccountStatus", .string(enabled ? "ACTIVE" : "DISABLED"))]
        if enabled {
            members.append(("SubscriptionExpiryDate", .double(Double(Self.endOfMonth(exchange.startedEpochMillis / 1000)))))
            members.append(("ActiveSubscribedDomains", .json(options["SubscribedDomains"] ?? .array([]))))
            members.append(("PendingExpirationSubscribedDomains", .array([])))
        }
        return Self.wire.value(.object(members), as: "GetDeliverabilityDashboardOptionsResponse")
    }

    /// The first midnight of the next UTC month.
    static func endOfMonth(_ seconds: Int64) -> Int64 {
        let day = UTCCalendar.secondsPerDay
        var d = seconds / day + 1
        while UTCCalendar.formatDate(days: d).hasSuffix("-01") == false { d += 1 }
        return d * day
    }

    package init(dashboard: DeliverabilityDashboard) { self.dashboard = dashboard }
}
