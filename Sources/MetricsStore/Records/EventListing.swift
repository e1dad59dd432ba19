/// Which stored events `MetricsStore.events` lists: each member filters when given.
public struct EventFilter: Sendable, Equatable {
    public var messageId: String?
    public var emailIdentity: String?
    /// Epoch milliseconds, inclusive.
    public var fromMillis: Int64?
    /// Epoch milliseconds, exclusive.
    public var toMillis: Int64?

    public init(messageId: String? = nil, emailIdentity: String? = nil, fromMillis: Int64? = nil, toMillis: Int64? = nil) {
        self.messageId = messageId
        self.emailIdentity = emailIdentity
        self.fromMillis = fromMillis
        self.toMillis = toMillis
    }
}

/// Where a page of listed events ended: events are listed by (timestamp, row), so the next page
/// starts strictly after this pair whatever is ingested meanwhile.
public struct EventCursor: Sendable, Equatable {
    public var timestampMillis: Int64
    public var row: Int64

    public init(timestampMillis: Int64, row: Int64) {
        self.timestampMillis = timestampMillis
        self.row = row
    }

    /// `<timestamp>.<row>`; nil for anything else (a token is input, never trusted).
    public init?(token: String) {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let t = Int64(parts[0]), let r = Int64(parts[1]), r >= 0 else { return nil }
        self.init(timestampMillis: t, row: r)
    }

    public var token: String { "\(timestampMillis).\(row)" }
}

extension MetricsStore {
    /// Stored events matching `filter`, oldest first, at most `limit`, after `cursor`; the cursor
    /// of the next page when there may be more.
    ///
    /// A message sent through the API has eventIds `<MessageId>-<n>`, so its events are found
    /// through the eventId index; any other messageId (ingested events) is a scan.
    public func events(_ filter: EventFilter, after cursor: EventCursor?, limit: Int) throws -> (events: [Event], next: EventCursor?) {
        let limit = max(1, limit)
        var clauses: [String] = []
        var texts: [(Int32, String)] = []
        var ints: [(Int32, Int64)] = []
        if let m = filter.messageId {
            clauses.append("message_id = ?1")
            texts.append((1, m))
            if try !messages(messageId: m).isEmpty {
                clauses.append("event_id > ?2 AND event_id < ?3")
                texts += [(2, m + "-"), (3, m + ".")]
            }
        }
        if let identity = filter.emailIdentity {
            clauses.append("email_identity = ?4")
            texts.append((4, identity))
        }
        if let from = filter.fromMillis {
            clauses.append("timestamp_ms >= ?5")
            ints.append((5, from))
        }
        if let to = filter.toMillis {
            clauses.append("timestamp_ms < ?6")
            ints.append((6, to))
        }
        if let cursor {
            clauses.append("(timestamp_ms, id) > (?7, ?8)")
            ints += [(7, cursor.timestampMillis), (8, cursor.row)]
        }
        let sql = """
            SELECT id, type, timestamp_ms, email_identity, configuration_set, isp, message_id, event_id, recipient_count,
                   mailbox_simulator, suppression_list, open_tracking, click_tracking, tenant
            FROM events \(clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND "))
            ORDER BY timestamp_ms, id LIMIT ?9
            """
        return try withReader { r in
            let s = try r.db.cachedStatement(sql)
            defer { s.reset() }
            for (i, v) in texts { s.bind(v, at: i) }
            for (i, v) in ints { s.bind(v, at: i) }
            s.bind(Int64(limit) + 1, at: 9)
            var out: [Event] = []
            var last: EventCursor?
            while try s.step() {
                if out.count == limit { return (out, last) }
                last = EventCursor(timestampMillis: s.int64(at: 2), row: s.int64(at: 0))
                out.append(Event(
                    type: EventType(rawValue: s.string(at: 1) ?? "") ?? .SEND, timestampMillis: s.int64(at: 2),
                    emailIdentity: s.string(at: 3) ?? "", configurationSet: s.string(at: 4), isp: s.string(at: 5) ?? "",
                    messageId: s.string(at: 6), eventId: s.string(at: 7), recipientCount: s.int64(at: 8),
                    mailboxSimulator: s.int64(at: 9) != 0, suppressionList: s.int64(at: 10) != 0,
                    openTracking: s.int64(at: 11) != 0, clickTracking: s.int64(at: 12) != 0, tenantName: s.string(at: 13)))
            }
            return (out, nil)
        }
    }
}
