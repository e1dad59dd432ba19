import AWSModel
import JSON
import SESDomain
import SESWire

/// `POST /v2/email/reputation/entities`: every tenant as an entity, by reference; `Filter`
/// `ENTITY_TYPE`, `REPUTATION_IMPACT`, `SENDING_STATUS` (the aggregate), `ENTITY_REFERENCE_PREFIX`.
package struct ListReputationEntities: ModelOperation {
    package static let name = "ListReputationEntities"

    package let tenants: Tenants

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        let filter = PagedList.filter(input)
        let entities = try tenants.tenants.all().map { Self.wire.value(Tenants.entity($0), as: "ReputationEntity") }
            .filter { entity in
                (filter["ENTITY_TYPE"].map { entity["ReputationEntityType"]?.string == $0 } ?? true)
                    && (filter["REPUTATION_IMPACT"].map { entity["ReputationImpact"]?.string == $0 } ?? true)
                    && (filter["SENDING_STATUS"].map { entity["SendingStatusAggregate"]?.string == $0 } ?? true)
                    && (filter["ENTITY_REFERENCE_PREFIX"].map { entity["ReputationEntityReference"]?.string?.hasPrefix($0) == true } ?? true)
            }
            .sorted { ($0["ReputationEntityReference"]?.string ?? "") < ($1["ReputationEntityReference"]?.string ?? "") }
        return try PagedList.answer(input, entities, member: "ReputationEntities",
                                    key: { $0["ReputationEntityReference"]?.string ?? "" }) { $0 }
    }

    package init(tenants: Tenants) { self.tenants = tenants }
}
