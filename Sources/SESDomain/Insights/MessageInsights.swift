import JSON
import MetricsStore
import SESWire

/// GetMessageInsights from the store: a message's events as VDM's message insights show them, and,
/// for a message sent here, its sender, subject and first recipient (the one its events follow).
package struct MessageInsights: Sendable {
    package let store: MetricsStore

    package init(store: MetricsStore) { self.store = store }

    /// SES's bound on the events of one message an answer lists.
    static let eventLimit = 1000

    package func document(_ messageId: String) throws(AWSError) -> JSONFragment {
        let events = try AWSError.fromStore { try store.events(EventFilter(messageId: messageId), after: nil, limit: Self.eventLimit) }.events
        guard let first = events.first else { throw .notFound("Message \(messageId) does not exist.") }
        var members: [(String, JSONFragment)] = [("MessageId", .string(messageId))]
        var destination: String?
        if let message = try AWSError.fromStore({ try store.messages(messageId: messageId) }).first,
           case .object(let document)? = try? JSONParser.parse(Array(message.document.utf8)) {
            members.append(("FromEmailAddress", .string(message.source)))
            if case .string(let subject)? = document["Subject"] { members.append(("Subject", .string(subject))) }
            if case .object(let to)? = document["Destination"] {
                for list in ["ToAddresses", "CcAddresses", "BccAddresses"] {
                    if destination == nil, case .array(let items)? = to[list], case .string(let address)? = items.first { destination = address }
                }
            }
        }
        members.append(("EmailTags", .array([])))
        var insight: [(String, JSONFragment)] = []
        if let destination { insight.append(("Destination", .string(destination))) }
        insight.append(("Isp", .string(first.isp)))
        insight.append(("Events", .array(events.map(Self.event))))
        members.append(("Insights", .array([.object(insight)])))
        return .object(members)
    }

    /// One stored event as an InsightsEvent: bounces as BOUNCE with their type, complaints with
    /// the abuse feedback type.
    static func event(_ e: Event) -> JSONFragment {
        var members: [(String, JSONFragment)] = [("Timestamp", .double(Double(e.timestampMillis) / 1000))]
        switch e.type {
        case .PERMANENT_BOUNCE, .TRANSIENT_BOUNCE:
            let permanent = e.type == .PERMANENT_BOUNCE
            members.append(("Type", .string("BOUNCE")))
            members.append(("Details", .object([("Bounce", .object([
                ("BounceType", .string(permanent ? "PERMANENT" : "TRANSIENT")),
                ("BounceSubType", .string(e.suppressionList ? "OnAccountSuppressionList" : "General")),
                ("DiagnosticCode", .string(permanent ? "smtp; 550 5.1.1 user unknown" : "smtp; 452 4.2.2 mailbox full")),
            ]))])))
        case .COMPLAINT:
            members.append(("Type", .string("COMPLAINT")))
            members.append(("Details", .object([("Complaint", .object([("ComplaintFeedbackType", .string("abuse"))]))])))
        default:
            members.append(("Type", .string(e.type.rawValue)))
        }
        return .object(members)
    }
}
