import AWSModel
import SESDomain
import SESWire

/// `POST /v2/email/tenants/resources/delete`.
package struct DeleteTenantResourceAssociation: ModelOperation {
    package static let name = "DeleteTenantResourceAssociation"

    package let tenants: Tenants

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        let tenant = try tenants.tenants.get(input["TenantName"]?.string ?? "")
        try tenants.dissociate(tenant, arn: input["ResourceArn"]?.string ?? "")
        return .empty
    }

    package init(tenants: Tenants) { self.tenants = tenants }
}
