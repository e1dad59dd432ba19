/// One ingest transaction in progress: events go in one by one (so a stream of millions need not
/// be held in memory), rollups accumulate in memory (written in parts when they grow large), and
/// everything is written and committed at the end, or rolled back. Obtained from
/// `MetricsStore.bulkIngest`; valid only inside its body.
public final class BulkIngestSession {
    public private(set) var accepted = 0
    public private(set) var duplicates = 0
    /// Events offered so far (accepted + duplicates).
    public var processed: Int { accepted + duplicates }

    private let db: Database
    private let catalog: ISPCatalog
    private let insertEvent: Statement
    private var engagements: EngagementRecorder
    private var rollups = Rollups()
    private var insertMessage: Statement?
    var ended = false

    init(db: Database, catalog: ISPCatalog) throws {
        self.db = db
        self.catalog = catalog
        // ON CONFLICT(event_id) DO NOTHING: a known eventId (stored, or earlier in this batch) is a
        // duplicate and changes nothing. NULL eventIds never conflict.
        self.insertEvent = try db.cachedStatement("""
            INSERT INTO events (event_id, type, timestamp_ms, email_identity, configuration_set, isp, message_id,
                                recipient_count, mailbox_simulator, suppression_list, open_tracking, click_tracking, tenant)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
            ON CONFLICT (event_id) DO NOTHING
            """)
        self.engagements = try EngagementRecorder(db)
    }

    /// Stores one event (or counts it as a duplicate). Throws MetricsStoreError.invalidEvent for an
    /// event that breaks the rules, SQLiteError for storage failures; either aborts the ingest.
    public func add(_ e: Event) throws {
        if let problem = e.validationProblem(catalog: catalog) {
            throw MetricsStoreError.invalidEvent(index: processed, field: problem.field, reason: problem.reason)
        }
        try addValidated(e)
    }

    /// `add` for events the decoder produced with the same catalog (it checked every rule).
    func addValidated(_ e: Event) throws {
        guard !ended else { throw MetricsStoreError.sessionEnded }
        let s = insertEvent
        s.bind(e.timestampMillis, at: 3)
        s.bind(e.recipientCount, at: 8)
        s.bind(e.mailboxSimulator, at: 9)
        s.bind(e.suppressionList, at: 10)
        s.bind(e.openTracking, at: 11)
        s.bind(e.clickTracking, at: 12)
        try s.withText(e.eventId, at: 1) {
            try s.withText(e.type.rawValue, at: 2) {
                try s.withText(e.emailIdentity, at: 4) {
                    try s.withText(e.configurationSet, at: 5) {
                        try s.withText(e.isp, at: 6) {
                            try s.withText(e.messageId, at: 7) {
                                try s.withText(e.tenantName, at: 13) { try s.execute() }
                            }
                        }
                    }
                }
            }
        }
        if db.changes == 0 {
            duplicates += 1
            return
        }
        accepted += 1
        let first = try engagements.isFirst(e, rowid: db.lastInsertRowID)
        rollups.add(e, countsAsFirstEngagement: first)
        try rollups.flushIfLarge(to: db)
    }

    /// Stores a sent message in the same transaction as the events added with it.
    public func addMessage(_ m: StoredMessage) throws {
        guard !ended else { throw MetricsStoreError.sessionEnded }
        let s = try insertMessage ?? db.cachedStatement(
            "INSERT INTO messages (message_id, timestamp_ms, source, document) VALUES (?1, ?2, ?3, ?4)")
        insertMessage = s
        defer { s.reset() }
        s.bind(m.messageId, at: 1)
        s.bind(m.timestampMillis, at: 2)
        s.bind(m.source, at: 3)
        s.bind(m.document, at: 4)
        try s.execute()
    }

    /// Writes the accumulated rollups and the new event count (still inside the transaction).
    func flush() throws {
        try rollups.write(to: db)
        let count = try db.makeStatement("UPDATE meta SET value = value + ? WHERE key = 'event_count'")
        count.bind(accepted, at: 1)
        try count.execute()
    }
}
