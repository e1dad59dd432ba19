import AWSModel
import JSON
import SESDomain
import SESWire

/// `PUT /v2/email/dedicated-ips/{IP}/pool`: moves the address to a STANDARD pool (or back to the
/// default pool); SES manages the addresses of a MANAGED pool itself.
package struct PutDedicatedIpInPool: ModelOperation {
    package static let name = "PutDedicatedIpInPool"

    package let ips: DedicatedIps

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        let destination = input["DestinationPoolName"]?.string ?? ""
        if destination != DedicatedIps.defaultPool {
            let pool = try ips.pools.get(destination)
            if pool.string(at: ["ScalingMode"]) == "MANAGED" {
                throw .badRequest("Dedicated IP pool \(destination) is MANAGED: SES chooses its addresses.")
            }
        }
        try ips.change(input["Ip"]?.string ?? "", atMillis: exchange.startedEpochMillis, [("PoolName", .string(destination))])
        return .empty
    }

    package init(ips: DedicatedIps) { self.ips = ips }
}
