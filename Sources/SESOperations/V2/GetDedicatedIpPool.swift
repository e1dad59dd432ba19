import AWSModel
import SESDomain
import SESWire

/// `GET /v2/email/dedicated-ip-pools/{PoolName}`.
package struct GetDedicatedIpPool: ModelOperation {
    package static let name = "GetDedicatedIpPool"

    package let pools: ResourceCollection

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        let pool = try pools.get(input["PoolName"]?.string ?? "")
        return .structure(["DedicatedIpPool": Self.wire.value(.json(.object(pool.document)), as: "DedicatedIpPool")])
    }

    package init(pools: ResourceCollection) { self.pools = pools }
}
