import AWSModel
import SESDomain
import SESWire

/// `POST /v2/email/tenants/resources`: an existing identity, configuration set or template, by ARN.
package struct CreateTenantResourceAssociation: ModelOperation {
    package static let name = "CreateTenantResourceAssociation"

    package let tenants: Tenants

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        let tenant = try tenants.tenants.get(input["TenantName"]?.string ?? "")
        try tenants.associate(tenant, arn: input["ResourceArn"]?.string ?? "", atMillis: exchange.startedEpochMillis)
        return .empty
    }

    package init(tenants: Tenants) { self.tenants = tenants }
}
