/// Sent messages, written with their events.
extension MetricsStore {
    /// Stores the messages and their events atomically: a crash leaves both or neither. Calls
    /// made at the same time commit together (`GroupCommit`), each all or nothing.
    public func record(messages: [StoredMessage], events: [Event], resources: [ResourcePut] = []) throws -> IngestResult {
        try groupCommit.record(GroupCommit.Work(messages: messages, events: events, resources: resources), in: self)
    }

    /// The stored messages, oldest first; each filter applies when given.
    public func messages(messageId: String? = nil, source: String? = nil) throws -> [StoredMessage] {
        try withReader { r in
            let s = try r.db.cachedStatement("""
                SELECT message_id, timestamp_ms, source, document FROM messages
                WHERE (?1 IS NULL OR message_id = ?1) AND (?2 IS NULL OR source = ?2) ORDER BY id
                """)
            defer { s.reset() }
            s.bind(messageId, at: 1)
            s.bind(source, at: 2)
            var out: [StoredMessage] = []
            while try s.step() {
                out.append(StoredMessage(messageId: s.string(at: 0) ?? "", timestampMillis: s.int64(at: 1),
                                         source: s.string(at: 2) ?? "", document: s.string(at: 3) ?? ""))
            }
            return out
        }
    }

    /// Deletes one message (or all when `messageId` is nil); their events stay. Returns how many.
    public func deleteMessages(messageId: String? = nil) throws -> Int {
        try withWriter { db in
            let s = try db.cachedStatement("DELETE FROM messages WHERE ?1 IS NULL OR message_id = ?1")
            defer { s.reset() }
            s.bind(messageId, at: 1)
            try s.execute()
            return db.changes
        }
    }
}
