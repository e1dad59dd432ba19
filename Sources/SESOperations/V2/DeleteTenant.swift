import SESDomain
import SESWire

/// `POST /v2/email/tenants/delete`: the tenant and its resource associations (the resources stay).
package struct DeleteTenant: RemovalOperation {
    package static let name = "DeleteTenant"
    package static let nameMember = "TenantName"

    package let tenants: Tenants

    package init(tenants: Tenants) { self.tenants = tenants }

    package func remove(_ name: String) throws(AWSError) { try tenants.delete(name) }
}
