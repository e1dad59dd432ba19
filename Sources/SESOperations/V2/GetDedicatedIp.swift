import AWSModel
import JSON
import SESDomain
import SESWire

/// `GET /v2/email/dedicated-ips/{IP}`: an address of the inventory, its pool and warm-up.
package struct GetDedicatedIp: ModelOperation {
    package static let name = "GetDedicatedIp"

    package let ips: DedicatedIps

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        .structure(["DedicatedIp": Self.wire.value(.json(.object(try ips.ip(input["Ip"]?.string ?? ""))), as: "DedicatedIp")])
    }

    package init(ips: DedicatedIps) { self.ips = ips }
}
