import AWSModel
import JSON
import SESDomain
import SESWire

/// `POST /v2/email/tenants/get`.
package struct GetTenant: ModelOperation {
    package static let name = "GetTenant"

    package let tenants: Tenants

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        let tenant = try tenants.tenants.get(input["TenantName"]?.string ?? "")
        return .structure(["Tenant": Self.wire.value(.json(.object(tenant.document)), as: "Tenant")])
    }

    package init(tenants: Tenants) { self.tenants = tenants }
}
