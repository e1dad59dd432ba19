import AWSModel
import JSON
import SESDomain
import SESWire

/// `POST /v2/email/tenant/suppression`: the tenant's suppression reasons and scope, kept and
/// reported by GetTenant.
package struct PutTenantSuppressionAttributes: ModelOperation {
    package static let name = "PutTenantSuppressionAttributes"

    package let tenants: Tenants

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        let attributes = Self.wire.stored(input, as: "TenantSuppressionAttributes")
        try tenants.tenants.modify(input["TenantName"]?.string ?? "") { _ in [("SuppressionAttributes", attributes)] }
        return .empty
    }

    package init(tenants: Tenants) { self.tenants = tenants }
}
