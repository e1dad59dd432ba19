/// What a reset writes back after `MetricsStore.reset` emptied the store, inside the reset's one
/// transaction: seed events, settings. Valid only inside the reset's body.
public struct StoreReset {
    let db: Database
    let session: BulkIngestSession

    /// Stores events (the seed); an invalid one aborts the whole reset. Returns how many were new.
    public func ingest(_ events: [Event]) throws -> Int {
        let before = session.accepted
        for event in events { try session.add(event) }
        return session.accepted - before
    }

    /// Stores `value` under `key`; nil deletes the key.
    public func setSetting(_ key: String, _ value: String?) throws {
        try MetricsStore.writeSetting(db, key, value)
    }
}

extension MetricsStore {
    /// Deletes every event (with what is derived from them), message and resource, then runs
    /// `body` with what it writes back: one transaction, so a reset that fails anywhere changes
    /// nothing, and a reader sees the store before or after, never between. Returns how many events
    /// there were and how many `body` stored.
    public func reset(_ body: (StoreReset) throws -> Void) throws -> (deleted: Int, stored: Int) {
        try withWriter { db in
            try db.inTransaction {
                let deleted = try Self.deleteEvents(db)
                try db.execute("DELETE FROM messages; DELETE FROM resources;")
                let session = try BulkIngestSession(db: db, catalog: catalog)
                defer { session.ended = true }
                try body(StoreReset(db: db, session: session))
                try session.flush()
                return (deleted, session.accepted)
            }
        }
    }
}
