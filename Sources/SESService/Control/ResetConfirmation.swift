import HTTPServer
import MetricsStore
import SESWire

/// Reset deletes every event. On a database file named with `--database` that holds events the
/// seed did not load, it first asks for `?confirm=true` (or `{"confirm":true}`), so a reset meant
/// for a test database cannot wipe a kept one. The rule is a count comparison, O(1): the events
/// held differ from the events the seed loaded in this process (at start or at the last reset).
/// Events ingested since, and a database kept from an earlier run, both count as not the seed's.
enum ResetConfirmation {
    static func check(_ request: HTTPRequest, store: MetricsStore, seeding: Seeding) throws(AWSError) {
        let confirmed = try confirmation(request)
        guard !store.isTemporary, !confirmed else { return }
        let held = try AWSError.fromStore { try store.eventCount() }
        let seeded = seeding.loadedEvents
        guard held > 0, held != seeded else { return }
        throw .conflict("""
            The database \(store.path) holds \(held) events, not only the \(seeded) the seed data loaded; \
            a reset deletes them all. Add ?confirm=true (or send {"confirm":true}) to reset anyway.
            """)
    }

    /// `?confirm=true|false`, or a JSON body `{"confirm": true|false}`; absent is false.
    private static func confirmation(_ request: HTTPRequest) throws(AWSError) -> Bool {
        if let value = request.head.query.last(where: { $0.name == "confirm" })?.value {
            switch value {
            case "true": return true
            case "false": return false
            default: throw .badRequest("confirm must be true or false, not '\(value)'.")
            }
        }
        guard !request.body.isEmpty else { return false }
        if let contentType = request.headers["Content-Type"], !MediaType.isJSON(contentType: contentType) {
            throw .unsupportedMediaType("Content-Type must be application/json, not '\(contentType)'.")
        }
        do {
            var reader = try StrictObjectReader(try StrictObjectReader.document(request.body), path: "")
            let confirm = try reader.bool("confirm") ?? false
            try reader.finish()
            return confirm
        } catch {
            throw .badRequest("Invalid reset body: \(error.description)")
        }
    }
}
