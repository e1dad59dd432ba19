import AWSModel
import SESDomain
import SESWire

/// `GET /v2/email/dedicated-ip-pools`: pool names, by name.
package struct ListDedicatedIpPools: ResourceListOperation {
    package static let name = "ListDedicatedIpPools"
    package static let member = "DedicatedIpPools"

    package let pools: ResourceCollection

    package func resources() throws(AWSError) -> [Resource] { try pools.all() }

    package func summary(_ pool: Resource) -> ModelValue { .string(pool.name) }

    package init(pools: ResourceCollection) { self.pools = pools }
}
