import AWSModel
import JSON
import SESDomain
import SESWire

/// `PUT /v2/email/dedicated-ip-pools/{PoolName}/scaling`: a STANDARD pool can become MANAGED, not back.
package struct PutDedicatedIpPoolScalingAttributes: ModelOperation {
    package static let name = "PutDedicatedIpPoolScalingAttributes"

    package let pools: ResourceCollection

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        let mode = input["ScalingMode"]?.string ?? ""
        try pools.modify(input["PoolName"]?.string ?? "") { pool throws(AWSError) in
            if pool.string(at: ["ScalingMode"]) == "MANAGED", mode == "STANDARD" {
                throw .badRequest("Dedicated IP pool \(pool.name) is MANAGED; a managed pool cannot become STANDARD.")
            }
            return [("ScalingMode", .string(mode))]
        }
        return .empty
    }

    package init(pools: ResourceCollection) { self.pools = pools }
}
