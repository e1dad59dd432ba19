import HTTPServer
import JSON
import SESDomain
import SESWire

/// `GET|PUT /_emulator/dedicated-ips`: the dedicated IP inventory GetDedicatedIps lists,
/// `{"ips": ["198.51.100.1", ...]}`. A PUT replaces it (a reset returns to `--dedicated-ips`);
/// the pools and warm-up of addresses that stay are kept.
extension ControlAPI {
    func registerDedicatedIps(into router: inout Router) {
        router.add("GET", "/_emulator/dedicated-ips", handler { _ in Self.document(self.dedicatedIps.all) })
        router.add("PUT", "/_emulator/dedicated-ips", handler { request in
            let ips = try Self.dedicatedIps(from: request)
            self.dedicatedIps.replace(ips)
            return Self.document(ips)
        })
    }

    private static func document(_ ips: [String]) -> [UInt8] { object([("ips", .array(ips.map { .string($0) }))]) }

    /// Any problem is a 400 naming it, and nothing changes.
    private static func dedicatedIps(from request: HTTPRequest) throws(AWSError) -> [String] {
        if let contentType = request.headers["Content-Type"], !MediaType.isJSON(contentType: contentType) {
            throw .unsupportedMediaType("Content-Type must be application/json, not '\(contentType)'.")
        }
        guard case .object(let body)? = try? JSONParser.parse(request.body), body.keys == ["ips"],
              case .array(let items)? = body["ips"] else {
            throw .badRequest(#"Invalid dedicated IPs: the body must be {"ips": ["<IPv4 address>", ...]}."#)
        }
        var ips: [String] = []
        for item in items {
            guard case .string(let ip) = item, DedicatedIps.isAddress(ip) else {
                throw .badRequest("Invalid dedicated IPs: every item of ips must be a dotted-quad IPv4 address.")
            }
            guard !ips.contains(ip) else { throw .badRequest("Invalid dedicated IPs: \(ip) is listed twice.") }
            ips.append(ip)
        }
        return ips
    }
}
