import MetricsStore
import SESDomain
import SESWire
import Support

/// A stored event in the form it is ingested (docs/data-and-events.md, "Events").
enum EventDocument {
    static func fragment(_ e: Event) -> JSONFragment {
        var fields: [(String, JSONFragment)] = [
            ("type", .string(e.type.rawValue)),
            ("timestamp", .string(UTCCalendar.rfc3339(millis: e.timestampMillis, alwaysMillis: true))),
            ("emailIdentity", .string(e.emailIdentity)),
        ]
        if let v = e.configurationSet { fields.append(("configurationSet", .string(v))) }
        fields.append(("isp", .string(e.isp)))
        if let v = e.messageId { fields.append(("messageId", .string(v))) }
        if let v = e.eventId { fields.append(("eventId", .string(v))) }
        fields += [
            ("recipientCount", .int(e.recipientCount)),
            ("mailboxSimulator", .bool(e.mailboxSimulator)),
            ("suppressionList", .bool(e.suppressionList)),
            ("openTracking", .bool(e.openTracking)),
            ("clickTracking", .bool(e.clickTracking)),
        ]
        if let v = e.tenantName { fields.append(("tenant", .string(v))) }
        return .object(fields)
    }
}
