import Testing
@testable import MetricsStore

@Suite struct MigrationTests {
    /// Writes a version-1 file (events only, as the first schema had it) with a few events.
    private func makeVersion1File(_ path: String) throws {
        let db = try Database(path: path, mode: .readWrite)
        _ = try db.pragmaText("journal_mode = WAL")
        try Schema.migrate(db, upTo: 1)
        #expect(try db.pragmaInt("user_version") == 1)
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

    @Test func freshFile_isCreatedAtTheLatestVersion_inWALMode() throws {
        let path = temporaryDatabasePath()
        defer { removeDatabase(path) }
        let store = try MetricsStore(path: path, catalog: .builtIn)
        store.close()
        let db = try Database(path: path, mode: .readWrite)
        #expect(try db.pragmaInt("user_version") == 3)
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
