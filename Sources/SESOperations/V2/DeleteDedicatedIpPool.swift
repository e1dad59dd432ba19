import SESDomain
import SESWire

/// `DELETE /v2/email/dedicated-ip-pools/{PoolName}`.
package struct DeleteDedicatedIpPool: RemovalOperation {
    package static let name = "DeleteDedicatedIpPool"
    package static let nameMember = "PoolName"

    package let pools: ResourceCollection

    package init(pools: ResourceCollection) { self.pools = pools }

    package func remove(_ name: String) throws(AWSError) { try pools.delete(name) }
}
