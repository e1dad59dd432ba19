import HTTPServer
import JSON
import SESDomain
import SESWire
import Support

/// `GET|PUT /_emulator/blacklist-reports`: the blocklist listings GetBlacklistReports answers,
/// `{"listings": {"<ip or domain>": [{"RblName": "...", "Description": "...", "ListingTime": "<RFC 3339>"}]}}`
/// (ListingTime defaults to now). Kept in the store; a reset removes them.
extension ControlAPI {
    func registerBlocklist(into router: inout Router) {
        router.add("GET", "/_emulator/blacklist-reports", handler { _ in
            Self.object([("listings", .json(.object(try self.deliverability.listings())))])
        })
        router.add("PUT", "/_emulator/blacklist-reports", handler { request in
            let listings = try Self.listings(from: request, now: UTCCalendar.nowMillis())
            try self.deliverability.setListings(listings, atMillis: UTCCalendar.nowMillis())
            return Self.object([("listings", .object(listings))])
        })
    }

    /// Any problem is a 400 naming it, and nothing changes.
    private static func listings(from request: HTTPRequest, now: Int64) throws(AWSError) -> [(String, JSONFragment)] {
        if let contentType = request.headers["Content-Type"], !MediaType.isJSON(contentType: contentType) {
            throw .unsupportedMediaType("Content-Type must be application/json, not '\(contentType)'.")
        }
        let shape = #"the body must be {"listings": {"<ip or domain>": [{"RblName": ..., "Description": ..., "ListingTime": ...}]}}."#
        guard case .object(let body)? = try? JSONParser.parse(request.body), body.keys == ["listings"],
              case .object(let listings)? = body["listings"] else { throw .badRequest("Invalid listings: " + shape) }
        return try listings.members.map { name, value throws(AWSError) in
            guard case .array(let entries) = value else { throw .badRequest("Invalid listings: \(name): " + shape) }
            return (name, .array(try entries.map { entry throws(AWSError) in
                guard case .object(let o) = entry, case .string(let rbl)? = o["RblName"], !rbl.isEmpty else {
                    throw .badRequest("Invalid listings: every entry of \(name) needs an RblName.")
                }
                var seconds = Double(now) / 1000
                if let time = o["ListingTime"] {
                    guard case .string(let text) = time, let millis = WireTimestamp(rfc3339: text)?.millis else {
                        throw .badRequest("Invalid listings: ListingTime of \(name) must be an RFC 3339 date.")
                    }
                    seconds = Double(millis) / 1000
                }
                var members: [(String, JSONFragment)] = [("RblName", .string(rbl)), ("ListingTime", .double(seconds))]
                if case .string(let d)? = o["Description"] { members.append(("Description", .string(d))) }
                return .object(members)
            }))
        }
    }
}
