import AWSModel
import JSON
import SESDomain
import SESWire

/// `POST /v2/email/tenants`: a tenant with its id and ARN, sending ENABLED.
package struct CreateTenant: ModelOperation {
    package static let name = "CreateTenant"

    package let tenants: Tenants

    package func violations(_ value: ModelValue) -> [String] { Tags.violations(value["Tags"]) }

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        let name = try Tenants.checkName(input["TenantName"]?.string ?? "")
        let suppression = input["SuppressionAttributes"].map { Self.wire.stored($0, as: "TenantSuppressionAttributes") }
        let tenant = try tenants.create(name, region: SendRequest.region(exchange), tags: Tags.stored(input["Tags"]),
                                        suppression: suppression, atMillis: exchange.startedEpochMillis)
        return Self.wire.value(.json(.object(tenant.document)), as: "CreateTenantResponse")
    }

    package init(tenants: Tenants) { self.tenants = tenants }
}
