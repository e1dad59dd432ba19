import AWSModel
import JSON
import SESDomain
import SESWire

/// `PUT .../customer-managed-status`: `DISABLED` pauses the tenant's sending (SendEmail with its
/// `TenantName` is refused) until it is `ENABLED` or `REINSTATED` again.
package struct UpdateReputationEntityCustomerManagedStatus: ModelOperation {
    package static let name = "UpdateReputationEntityCustomerManagedStatus"

    package let tenants: Tenants

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        let tenant = try tenants.byReference(input["ReputationEntityReference"]?.string ?? "")
        let status = input["SendingStatus"]?.string ?? "ENABLED"
        let record = JSONFragment.object([("Status", .string(status)),
                                          ("LastUpdatedTimestamp", .double(Double(exchange.startedEpochMillis) / 1000))])
        try tenants.tenants.modify(tenant.name) { _ in [("CustomerManagedStatus", record), ("SendingStatus", .string(status))] }
        return .empty
    }

    package init(tenants: Tenants) { self.tenants = tenants }
}
