import AWSModel
import SESDomain
import SESWire

/// `GET /v2/email/reputation/entities/{ReputationEntityType}/{ReputationEntityReference}`: a
/// tenant, by its ARN.
package struct GetReputationEntity: ModelOperation {
    package static let name = "GetReputationEntity"

    package let tenants: Tenants

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        let tenant = try tenants.byReference(input["ReputationEntityReference"]?.string ?? "")
        return .structure(["ReputationEntity": Self.wire.value(Tenants.entity(tenant), as: "ReputationEntity")])
    }

    package init(tenants: Tenants) { self.tenants = tenants }
}
