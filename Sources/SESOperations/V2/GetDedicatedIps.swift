import AWSModel
import JSON
import SESDomain
import SESWire

/// `GET /v2/email/dedicated-ips`: the inventory in its order, or one pool's addresses; PageSize
/// 1–1000, default 100.
package struct GetDedicatedIps: ModelOperation {
    package static let name = "GetDedicatedIps"

    package let ips: DedicatedIps

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        let pool = input["PoolName"]?.string
        if let pool, pool != DedicatedIps.defaultPool, try ips.pools.find(pool) == nil { throw ips.pools.notFound(pool) }
        var listed: [(Int, JSONObject)] = []
        for (i, address) in ips.all.enumerated() {
            let ip = try ips.ip(address)
            if pool == nil || DedicatedIps.pool(of: ip) == pool { listed.append((i, ip)) }
        }
        return try PagedList.answer(input, listed, member: "DedicatedIps", key: { PagedList.position($0.0) }) {
            Self.wire.value(.json(.object($0.1)), as: "DedicatedIp")
        }
    }

    package init(ips: DedicatedIps) { self.ips = ips }
}
