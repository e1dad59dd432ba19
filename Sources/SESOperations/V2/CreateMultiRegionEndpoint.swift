import AWSModel
import JSON
import MetricsStore
import SESDomain
import SESWire

/// `POST /v2/email/multi-region-endpoints`: the caller's region and one other, `READY` at once
/// (nothing is replicated here).
package struct CreateMultiRegionEndpoint: ModelOperation {
    package static let name = "CreateMultiRegionEndpoint"

    package let endpoints: ResourceCollection

    package func violations(_ value: ModelValue) -> [String] { Tags.violations(value["Tags"]) }

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        let name = input["EndpointName"]?.string ?? ""
        guard DimensionFilter.isWellFormedName(name), name.count <= 64 else {
            throw .badRequest("Invalid endpoint name \(name): only alphanumeric ASCII characters, '_', and '-' are allowed (at most 64).")
        }
        let primary = SendRequest.region(exchange)
        let others = input["Details"]?["RoutesDetails"]?.list?.compactMap { $0["Region"]?.string } ?? []
        guard others.count == 1, let secondary = others.first, secondary != primary else {
            throw .badRequest("A multi-region endpoint needs exactly one secondary region other than \(primary).")
        }
        var rng = SystemRandomNumberGenerator()
        let id = String(UInt64.random(in: 0...UInt64.max, using: &rng) % 0xFFFF_FFFF_FFFF, radix: 36)
        let now = JSONFragment.double(Double(exchange.startedEpochMillis) / 1000)
        try endpoints.create(name: name, members: [
            ("EndpointId", .string(id)), ("Status", .string("READY")),
            ("Routes", .array([.object([("Region", .string(primary))]), .object([("Region", .string(secondary))])])),
            ("Regions", .array([.string(primary), .string(secondary)])),
            ("CreatedTimestamp", now), ("LastUpdatedTimestamp", now), ("Tags", Tags.stored(input["Tags"])),
        ], atMillis: exchange.startedEpochMillis)
        return .structure(["Status": .string("READY"), "EndpointId": .string(id)])
    }

    package init(endpoints: ResourceCollection) { self.endpoints = endpoints }
}
