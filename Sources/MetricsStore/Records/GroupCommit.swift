import Support

/// Concurrent `MetricsStore.record` calls share one transaction, and so one sync of the WAL: a
/// call queues its work, then waits for the writer; whoever gets the writer commits everything
/// queued by then. Each call runs in a SAVEPOINT of its own, so one that fails rolls back alone
/// and the others commit. A call returns only once its work is committed (or failed).
final class GroupCommit: @unchecked Sendable {
    final class Work {
        let messages: [StoredMessage]
        let events: [Event]
        let resources: [ResourcePut]
        /// Set by the committer while it holds the writer; read by the owner after taking it.
        var outcome: Result<IngestResult, any Error>?

        init(messages: [StoredMessage], events: [Event], resources: [ResourcePut]) {
            self.messages = messages
            self.events = events
            self.resources = resources
        }
    }

    private let lock = Lock()
    private var queued: [Work] = []   // guarded by lock

    func record(_ work: Work, in store: MetricsStore) throws -> IngestResult {
        lock.withLock { queued.append(work) }
        try store.withWriter { db in
            guard work.outcome == nil else { return }   // an earlier writer committed it
            let batch = lock.withLock { () -> [Work] in
                defer { queued.removeAll() }
                return queued
            }
            do {
                try db.inTransaction {
                    for w in batch { try Self.run(w, on: db, catalog: store.catalog) }
                }
            } catch {
                // The commit itself failed: nothing of the batch is stored.
                for w in batch { w.outcome = .failure(error) }
            }
        }
        guard let outcome = work.outcome else { throw MetricsStoreError.closed }
        return try outcome.get()
    }

    private static func run(_ w: Work, on db: Database, catalog: ISPCatalog) throws {
        try db.execute("SAVEPOINT record")
        do {
            let session = try BulkIngestSession(db: db, catalog: catalog)
            defer { session.ended = true }
            for m in w.messages { try session.addMessage(m) }
            for e in w.events { try session.add(e) }
            try session.flush()
            for put in w.resources { try MetricsStore.put(put, on: db) }
            try db.execute("RELEASE record")
            w.outcome = .success(IngestResult(accepted: session.accepted, duplicates: session.duplicates))
        } catch {
            try db.execute("ROLLBACK TO record; RELEASE record")
            w.outcome = .failure(error)
        }
    }
}
