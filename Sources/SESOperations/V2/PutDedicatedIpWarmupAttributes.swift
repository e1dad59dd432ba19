import AWSModel
import JSON
import SESDomain
import SESWire

/// `PUT /v2/email/dedicated-ips/{IP}/warmup`: the warm-up percentage; under 100 the address is
/// `IN_PROGRESS`, at 100 `DONE`.
package struct PutDedicatedIpWarmupAttributes: ModelOperation {
    package static let name = "PutDedicatedIpWarmupAttributes"

    package let ips: DedicatedIps

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        let percentage = input["WarmupPercentage"]?.integer ?? 0
        guard (0...100).contains(percentage) else { throw .badRequest("WarmupPercentage must be between 0 and 100.") }
        try ips.change(input["Ip"]?.string ?? "", atMillis: exchange.startedEpochMillis,
                       [("WarmupPercentage", .int(percentage)), ("WarmupStatus", .string(percentage < 100 ? "IN_PROGRESS" : "DONE"))])
        return .empty
    }

    package init(ips: DedicatedIps) { self.ips = ips }
}
