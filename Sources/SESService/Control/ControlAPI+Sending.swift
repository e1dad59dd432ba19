import HTTPServer
import JSON
import MetricsStore
import SESDomain
import SESWire
import Support

/// What sending through the API leaves behind: the sent messages at LocalStack's inspection
/// endpoint (`/_aws/ses`), the events a send produced (`GET /_emulator/events`), and the outcome
/// rules that decide them (`/_emulator/outcomes`).
extension ControlAPI {
    static let maxEventsPage = 1000

    func registerSending(into router: inout Router) {
        router.add("GET", "/_aws/ses", handler { request in
            let query = request.head.query
            let messages = try AWSError.fromStore {
                try self.store.messages(messageId: Self.parameter("id", query), source: Self.parameter("email", query))
            }
            let documents = messages.map { JSONFragment.json((try? JSONParser.parse(Array($0.document.utf8))) ?? .null) }
            return ControlAPI.object([("messages", .array(documents))])
        })
        router.add("DELETE", "/_aws/ses", handler(status: .noContent) { request in
            _ = try AWSError.fromStore { try self.store.deleteMessages(messageId: Self.parameter("id", request.head.query)) }
            return []
        })
        router.add("GET", Self.eventsPath, handler { request in try self.listEvents(request) })
        router.add("GET", "/_emulator/outcomes", handler { _ in self.outcomes.configuration.jsonBytes })
        router.add("PUT", "/_emulator/outcomes", handler { request in
            let configuration = try self.parse { try OutcomeConfiguration(jsonBytes: $0) }(request)
            self.outcomes.replace(configuration)
            return configuration.jsonBytes
        })
        router.add("DELETE", "/_emulator/outcomes", handler { _ in
            self.outcomes.replace(OutcomeConfiguration())
            return OutcomeConfiguration().jsonBytes
        })
    }

    /// `GET /_emulator/events?messageId=&emailIdentity=&from=&to=&limit=&nextToken=`, oldest first.
    private func listEvents(_ request: HTTPRequest) throws(AWSError) -> [UInt8] {
        let query = request.head.query
        for (name, _) in query where !["messageId", "emailIdentity", "from", "to", "limit", "nextToken"].contains(name) {
            throw .badRequest("Unknown parameter '\(name)': use messageId, emailIdentity, from, to, limit or nextToken.")
        }
        var filter = EventFilter(messageId: Self.parameter("messageId", query), emailIdentity: Self.parameter("emailIdentity", query))
        filter.fromMillis = try Self.time("from", query)
        filter.toMillis = try Self.time("to", query)
        var limit = 100
        if let text = Self.parameter("limit", query) {
            guard let n = Int(text), (1...Self.maxEventsPage).contains(n) else {
                throw .badRequest("limit must be an integer from 1 to \(Self.maxEventsPage), not '\(text)'.")
            }
            limit = n
        }
        var cursor: EventCursor?
        if let token = Self.parameter("nextToken", query) {
            guard let parsed = EventCursor(token: token) else { throw .badRequest("Invalid nextToken '\(token)'.") }
            cursor = parsed
        }
        let page = try AWSError.fromStore { try self.store.events(filter, after: cursor, limit: limit) }
        var fields: [(String, JSONFragment)] = [("events", .array(page.events.map(EventDocument.fragment)))]
        if let next = page.next { fields.append(("nextToken", .string(next.token))) }
        return ControlAPI.object(fields)
    }

    private static func parameter(_ name: String, _ query: [(name: String, value: String)]) -> String? {
        query.last { $0.name == name }?.value
    }

    /// An RFC 3339 time or epoch seconds, as event timestamps are written.
    private static func time(_ name: String, _ query: [(name: String, value: String)]) throws(AWSError) -> Int64? {
        guard let text = parameter(name, query) else { return nil }
        if let seconds = Int64(text) {
            let (millis, overflow) = seconds.multipliedReportingOverflow(by: 1000)
            if !overflow && (UTCCalendar.minMillis...UTCCalendar.maxMillis).contains(millis) { return millis }
        } else if let millis = Array(text.utf8).withUnsafeBufferPointer({ try? UTCCalendar.parseRFC3339($0) }) {
            return millis
        }
        throw .badRequest("\(name) must be an RFC 3339 time or epoch seconds, not '\(text)'.")
    }
}
