import Testing
@testable import MetricsStore

@Suite struct MigrationTests {
    /// A new WAL file with the schema as it stood at `version`.
    private func openFile(_ path: String, atVersion version: Int64) throws -> Database {
        let db = try Database(path: path, mode: .readWrite)
        _ = try db.pragmaText("journal_mode = WAL")
        try Schema.migrate(db, upTo: version)
        #expect(try db.pragmaInt("user_version") == version)
        return db
    }

    /// Writes a version-1 file (events only, as the first schema had it) with a few events.
    private func makeVersion1File(_ path: String) throws {
        try insertRawEvents(try openFile(path, atVersion: 1))
    }

    /// Writes a version-3 file as v3 builds left it: the events, their first engagements, daily
    /// rollup rows (one per day and key) and the event count.
    private func makeVersion3File(_ path: String) throws {
        let db = try openFile(path, atVersion: 3)
        try insertRawEvents(db)
        try db.execute("""
            INSERT INTO first_engagements (kind, message_id, event_rowid) VALUES ('OPEN', 'm1', 3);
            INSERT INTO rollups (metric, email_identity, configuration_set, isp, day, value)
            VALUES ('SEND', '*', '*', '*', \(day("2026-11-01")), 1), ('SEND', 'a.com', 'cs', 'Gmail', \(day("2026-11-01")), 1),
                   ('OPEN', '*', '*', '*', \(day("2026-11-02")), 1);
            UPDATE meta SET value = 6 WHERE key = 'event_count';
            """)
    }

    /// The same six events in both old layouts.
    private func insertRawEvents(_ db: Database) throws {
        let insert = try db.makeStatement("""
            INSERT INTO events (event_id, type, timestamp_ms, email_identity, configuration_set, isp, message_id,
                                recipient_count, mailbox_simulator, suppression_list, open_tracking, click_tracking)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
            """)
        let rows: [(String?, String, Int64, String, String?, String, String?, Int64, Bool, Bool, Bool)] = [
            ("e1", "SEND", at("2026-11-01"), "a.com", "cs", "Gmail", "m1", 1, false, false, false),
            ("e2", "DELIVERY", at("2026-11-01"), "a.com", "cs", "Hotmail", "m1", 1, false, false, true),
            ("e3", "OPEN", at("2026-11-02"), "a.com", "cs", "Hotmail", "m1", 1, false, false, false),
            ("e4", "OPEN", at("2026-11-01"), "a.com", "cs", "Hotmail", "m1", 1, false, false, false),
            (nil, "PERMANENT_BOUNCE", at("2026-11-02"), "b.com", nil, "Yahoo", nil, 1, false, true, false),
            (nil, "SEND", at("2026-11-02"), "b.com", nil, "Yahoo", nil, 3, false, false, false),
        ]
        for r in rows {
            insert.bind(r.0, at: 1); insert.bind(r.1, at: 2); insert.bind(r.2, at: 3); insert.bind(r.3, at: 4)
            insert.bind(r.4, at: 5); insert.bind(r.5, at: 6); insert.bind(r.6, at: 7); insert.bind(r.7, at: 8)
            insert.bind(false, at: 9); insert.bind(r.9, at: 10); insert.bind(r.8, at: 11); insert.bind(r.10, at: 12)
            try insert.execute()
        }
    }

    @Test func version1File_isMigratedAndRollupsRebuiltFromEvents() throws {
        let path = temporaryDatabasePath()
        defer { removeDatabase(path) }
        try makeVersion1File(path)
        let store = try MetricsStore(path: path, catalog: .builtIn)
        #expect(try store.eventCount() == 6)
        #expect(try store.total(.SEND) == 1)                 // the 3-recipient send is excluded
        #expect(try store.total(.DELIVERY) == 1)
        #expect(try store.total(.DELIVERY_CLICK) == 1)
        #expect(try store.total(.DELIVERY_COMPLAINT) == 1)   // Hotmail has a feedback loop
        #expect(try store.total(.PERMANENT_BOUNCE) == 0)     // suppression list
        // The first OPEN by rowid (ingest order) counts, on its own day.
        #expect(try store.series(.OPEN, "2026-11-01", "2026-11-05") == series([("2026-11-02", 1)]))
        // Known eventIds stay known; the first-open record continues.
        #expect(try store.ingest([ev(.SEND, "2026-11-01", eventId: "e1"), ev(.OPEN, "2026-11-03", messageId: "m1")])
                == IngestResult(accepted: 1, duplicates: 1))
        #expect(try store.total(.OPEN) == 1)
        store.close()

        let db = try Database(path: path, mode: .readOnly)
        #expect(try db.pragmaInt("user_version") == Schema.latestVersion)
    }

    @Test func version3File_getsBlockRollupsRebuiltFromEvents() throws {
        let path = temporaryDatabasePath()
        defer { removeDatabase(path) }
        try makeVersion3File(path)
        let store = try MetricsStore(path: path, catalog: .builtIn)
        #expect(try store.eventCount() == 6)
        #expect(try store.series(.SEND, "2026-10-01", "2026-12-01") == series([("2026-11-01", 1)]))
        #expect(try store.series(.DELIVERY_CLICK, "2026-10-01", "2026-12-01", isp: "Hotmail") == series([("2026-11-01", 1)]))
        #expect(try store.series(.DELIVERY_COMPLAINT, "2026-10-01", "2026-12-01", identity: "a.com") == series([("2026-11-01", 1)]))
        #expect(try store.series(.OPEN, "2026-10-01", "2026-12-01", configurationSet: "cs") == series([("2026-11-02", 1)]))
        #expect(try store.total(.PERMANENT_BOUNCE) == 0)
        // The first OPEN stays the first: a later one for m1 does not count.
        #expect(try store.ingest([ev(.OPEN, "2026-11-03", messageId: "m1"), ev(.SEND, "2026-11-03", eventId: "e1")])
                == IngestResult(accepted: 1, duplicates: 1))
        #expect(try store.total(.OPEN) == 1)
        #expect(try store.eventCount() == 7)
        store.close()

        let db = try Database(path: path, mode: .readOnly)
        #expect(try db.pragmaInt("user_version") == Schema.latestVersion)
        let columns = try db.makeStatement("SELECT name FROM pragma_table_info('rollups') ORDER BY cid")
        var names: [String] = []
        while try columns.step() { names.append(columns.string(at: 0) ?? "") }
        #expect(names == ["metric", "email_identity", "configuration_set", "isp", "tenant", "block", "counts"])
    }

    @Test func version4File_getsTheSettingsTable_andTheSendIndexOverItsEvents() throws {
        let path = temporaryDatabasePath()
        defer { removeDatabase(path) }
        try insertRawEvents(try openFile(path, atVersion: 4))
        let store = try MetricsStore(path: path, catalog: .builtIn)
        // e1 (1 recipient) and the 3-recipient send, both older than v5.
        #expect(try store.sentRecipients(fromMillis: at("2026-11-01", hour: 0), toMillis: at("2026-11-03", hour: 0)) == 4)
        #expect(try store.setting("k") == nil)
        try store.setSetting("k", "v")
        #expect(try store.setting("k") == "v")
        store.close()
        let db = try Database(path: path, mode: .readOnly)
        #expect(try db.pragmaInt("user_version") == Schema.latestVersion)
    }

    @Test func failedMigration_leavesTheFileAtItsOldVersion() throws {
        let path = temporaryDatabasePath()
        defer { removeDatabase(path) }
        try makeVersion1File(path)
        // A table in v3's way makes v3 fail after v2 has run in the same transaction.
        do {
            let db = try Database(path: path, mode: .readWrite)
            try db.execute("CREATE TABLE meta (x)")
        }
        #expect(throws: SQLiteError.self) { try MetricsStore(path: path, catalog: .builtIn) }
        let db = try Database(path: path, mode: .readOnly)
        #expect(try db.pragmaInt("user_version") == 1)
        let tables = try db.makeStatement("SELECT count(*) FROM sqlite_schema WHERE name IN ('rollups', 'first_engagements')")
        #expect(try tables.step() && tables.int64(at: 0) == 0)
    }

    @Test func freshFile_isCreatedAtTheLatestVersion_inWALMode() throws {
        let path = temporaryDatabasePath()
        defer { removeDatabase(path) }
        let store = try MetricsStore(path: path, catalog: .builtIn)
        store.close()
        let db = try Database(path: path, mode: .readWrite)
        #expect(try db.pragmaInt("user_version") == Schema.latestVersion)
        #expect(try db.pragmaText("journal_mode") == "wal")
    }

    @Test func reopeningALatestFile_changesNothing() throws {
        let path = temporaryDatabasePath()
        defer { removeDatabase(path) }
        do {
            let s = try MetricsStore(path: path, catalog: .builtIn)
            _ = try s.ingest([ev(.SEND, "2026-11-01")])
            s.close()
        }
        let s = try MetricsStore(path: path, catalog: .builtIn)
        #expect(try s.total(.SEND) == 1)
    }

    @Test func newerSchema_isRefused() throws {
        let path = temporaryDatabasePath()
        defer { removeDatabase(path) }
        do {
            let db = try Database(path: path, mode: .readWrite)
            try db.execute("PRAGMA user_version = 99")
        }
        #expect(throws: MetricsStoreError.schemaTooNew(found: 99, supported: Schema.latestVersion)) {
            try MetricsStore(path: path, catalog: .builtIn)
        }
    }

    @Test func notADatabase_isAnSQLiteError() throws {
        let path = temporaryDatabasePath()
        defer { removeDatabase(path) }
        let fd = open(path, O_WRONLY | O_CREAT, 0o644)
        _ = "this is not an SQLite database, just text long enough to fill a header......".withCString { write(fd, $0, 80) }
        close(fd)
        do {
            _ = try MetricsStore(path: path, catalog: .builtIn)
            Issue.record("opened a text file")
        } catch let e as SQLiteError {
            #expect(e.resultCode == 26)   // SQLITE_NOTADB
        }
    }

    @Test func rebuildRollups_reproducesIngestedRollups() throws {
        let store = try MetricsStore(path: nil, catalog: .builtIn)
        _ = try store.ingest([ev(.OPEN, "2026-11-02", messageId: "m"), ev(.OPEN, "2026-11-01", messageId: "m"),
                              ev(.DELIVERY, "2026-11-01", isp: "Yahoo", openTracking: true), ev(.SEND, "2026-11-03")])
        let before = try Metric.allCases.map { try store.series($0, "2026-11-01", "2026-11-05") }
        try store.rebuildRollups()
        let after = try Metric.allCases.map { try store.series($0, "2026-11-01", "2026-11-05") }
        #expect(before == after)
        #expect(after[Metric.allCases.firstIndex(of: .OPEN)!] == series([("2026-11-02", 1)]))
    }
}

#if canImport(Glibc)
import Glibc
#endif
