import AWSModel
import MetricsStore
import SESDomain
import SESWire

/// `POST /v2/email/dedicated-ip-pools`: a pool, STANDARD unless `ScalingMode` says MANAGED, that
/// configuration sets name as their `SendingPoolName`.
package struct CreateDedicatedIpPool: ModelOperation {
    package static let name = "CreateDedicatedIpPool"

    package let pools: ResourceCollection

    package struct Input: Sendable {
        package let name: String
        package let members: [(String, JSONFragment)]
    }

    package func violations(_ value: ModelValue) -> [String] { Tags.violations(value["Tags"]) }

    package func input(_ value: ModelValue) throws(AWSError) -> Input {
        let name = value["PoolName"]?.string ?? ""
        guard DimensionFilter.isWellFormedName(name), name.count <= 64 else {
            throw .badRequest("Invalid pool name \(name): only alphanumeric ASCII characters, '_', and '-' are allowed (at most 64).")
        }
        return Input(name: name, members: [("ScalingMode", .string(value["ScalingMode"]?.string ?? "STANDARD")),
                                           ("Tags", Tags.stored(value["Tags"]))])
    }

    package func handle(_ input: Input, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        try pools.create(name: input.name, members: input.members, atMillis: exchange.startedEpochMillis)
        return .empty
    }

    package init(pools: ResourceCollection) { self.pools = pools }
}
