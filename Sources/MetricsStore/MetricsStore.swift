#if canImport(Glibc)
import Support
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Events in SQLite with daily rollups and VDM semantics (docs/data-and-events.md, "Metric semantics"). Thread-safe: one writer
/// connection behind a lock (ingests are serialised), a pool of read-only connections for
/// queries. WAL mode, so queries read the last committed state and never wait for an ingest;
/// synchronous=FULL on the writer, so an ingest that returned survives kill -9 or power loss.
public final class MetricsStore: @unchecked Sendable {
    public let path: String
    public let catalog: ISPCatalog

    /// A temporary file made for `path: nil` (deleted at close), not a database someone named.
    public let isTemporary: Bool
    private let writeLock = Lock()
    private var writer: Database?                  // guarded by writeLock
    private let poolLock = Lock()
    private var idleReaders: [ReaderConnection] = []  // guarded by poolLock
    private var isClosed = false                    // guarded by poolLock
    /// Reader connections kept between queries; each holds `pageCacheMiB / (2 * maxIdleReaders)` of
    /// page cache, so the readers together hold at most half as much as the writer.
    public static let maxIdleReaders = 8
    /// The page cache of the writer connection, in MiB (`serve --page-cache-mb`).
    public let pageCacheMiB: Int
    private let feedbackLoopISPs: [String]          // DELIVERY_COMPLAINT sums DELIVERY over these
    let groupCommit = GroupCommit()
    private let walWatch: WALIndexWatch?

    /// Opens (creating and migrating if needed) the database at `path`; nil makes a temporary
    /// database file, deleted by close() or deinit.
    /// `pageCacheMiB`: SQLite's page cache of the writer; a reader gets a sixteenth of it (at
    /// least 1 MiB). The cache fills as queries and writes touch pages and stays full: with
    /// the readers it bounds what the store holds in memory (docs/reliability.md, "Memory").
    public init(path: String?, catalog: ISPCatalog = .builtIn, pageCacheMiB: Int = 64) throws {
        self.pageCacheMiB = pageCacheMiB
        if let path {
            self.path = path
            self.isTemporary = false
        } else {
            self.path = try Self.makeTemporaryFile()
            self.isTemporary = true
        }
        self.catalog = catalog
        self.feedbackLoopISPs = catalog.feedbackLoopNames
        do {
            self.writer = try Self.openWriter(path: self.path, isTemporary: isTemporary, pageCacheMiB: pageCacheMiB)
        } catch {
            if isTemporary { Self.removeFiles(self.path) }
            throw error
        }
        walWatch = WALIndexWatch(databasePath: self.path)
    }

    /// The database's commit state now, without touching SQLite (safe on an event-loop thread):
    /// equal stamps mean nothing committed in between, here or in another process. nil when it
    /// cannot be known (the store is closed, or its WAL index could not be mapped).
    public var changeStamp: ChangeStamp? { walWatch?.stamp }

    /// Opens, switches to WAL and migrates, retrying while another process holds a lock, for
    /// `Database.busyTimeoutMillis` in all. SQLite's busy timeout alone does not cover this: the
    /// switch to WAL runs inside the pragma's own read transaction, and a lock upgrade from a read
    /// transaction fails at once instead of waiting (an `ingest` into an empty file holds the
    /// lock for its whole load).
    private static func openWriter(path: String, isTemporary: Bool, pageCacheMiB: Int) throws -> Database {
        let clock = ContinuousClock()
        let deadline = clock.now + .milliseconds(Database.busyTimeoutMillis)
        while true {
            let left = clock.now.duration(to: deadline).components
            let leftMillis = Int32(clamping: left.seconds * 1000 + left.attoseconds / 1_000_000_000_000_000)
            do {
                return try openWriterOnce(path: path, isTemporary: isTemporary, pageCacheMiB: pageCacheMiB,
                                          busyTimeoutMillis: max(leftMillis, 1))
            } catch let error as SQLiteError where error.isBusy {
                guard clock.now < deadline else {
                    throw MetricsStoreError.locked(waitedSeconds: Int(Database.busyTimeoutMillis / 1000))
                }
                usleep(50_000)
            }
        }
    }

    private static func openWriterOnce(path: String, isTemporary: Bool, pageCacheMiB: Int,
                                       busyTimeoutMillis: Int32) throws -> Database {
        let db = try Database(path: path, mode: .readWrite)
        db.setBusyTimeout(millis: busyTimeoutMillis)
        // Before the switch to WAL, which writes the new file's header (synced under FULL).
        if isTemporary { try db.execute("PRAGMA synchronous = OFF") }
        let mode = try db.pragmaText("journal_mode = WAL")
        guard mode?.lowercased() == "wal" else {
            throw SQLiteError(code: 1, message: "could not switch to WAL mode (journal_mode is \(mode ?? "unknown"))", sql: "PRAGMA journal_mode = WAL")
        }
        // FULL: the WAL is synced at every commit, so an acknowledged ingest is durable.
        // A temporary database is deleted at exit and never reopened, so syncing it buys
        // nothing (and cost ~7 ms of start-up, ~30 ms with seed data, in fsyncs); OFF still
        // survives a crash of the process, only not of the machine.
        try db.execute("""
            PRAGMA synchronous = \(isTemporary ? "OFF" : "FULL");
            PRAGMA cache_size = -\(pageCacheMiB * 1024);
            PRAGMA temp_store = MEMORY;
            PRAGMA journal_size_limit = 67108864;
            """)
        try Schema.migrate(db)
        // Queries never wait for a lock in WAL mode; the full timeout covers checkpoints.
        db.setBusyTimeout(millis: Database.busyTimeoutMillis)
        return db
    }

    deinit { close() }

    /// Closes every connection (queries running now finish first); a temporary database's files
    /// are deleted. Later calls throw MetricsStoreError.closed.
    public func close() {
        writeLock.withLock {
            poolLock.withLock {
                if isClosed { return }
                isClosed = true
                walWatch?.stop()
                idleReaders.removeAll()
            }
            if let w = writer, !isTemporary {
                // Leave no WAL behind for a file someone may copy.
                try? w.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            }
            writer = nil
            if isTemporary { Self.removeFiles(path) }
        }
    }

    /// Gives back what the connections cache: the writer's page cache is emptied, idle readers
    /// are closed (the next query opens one), and freed heap goes back to the kernel. For after
    /// a reset, when the cached pages are of deleted data.
    public func releaseMemory() {
        _ = try? withWriter { db in try db.execute("PRAGMA shrink_memory") }
        poolLock.withLock { idleReaders.removeAll() }   // as close() does
        Memory.returnFreedPages()
    }

    // MARK: ingest

    /// Stores `events` in one transaction: all or nothing, durable when this returns.
    public func ingest(_ events: [Event]) throws -> IngestResult {
        try bulkIngest { session in
            for e in events { try session.add(e) }
        }
    }

    /// Runs `body` inside one write transaction. Events added through the session are inserted
    /// as they come; rollups are aggregated in memory and written at the end; then COMMIT. If
    /// `body` (or anything else) throws, everything is rolled back and the error rethrown.
    ///
    /// `loading`: a bulk load (the `ingest` command), which into an empty file may run with a
    /// rollback journal (see `rollbackJournalForLoad`).
    public func bulkIngest(loading: Bool = false, _ body: (BulkIngestSession) throws -> Void) throws -> IngestResult {
        try withWriter { db in
            let journal = loading && rollbackJournalForLoad(db)
            defer { if journal { _ = try? db.pragmaText("journal_mode = WAL") } }
            let session = try BulkIngestSession(db: db, catalog: catalog)
            defer { session.ended = true }
            try db.inTransaction {
                try body(session)
                try session.flush()
            }
            if !journal && session.accepted > 1_000_000 {
                // A large transaction leaves a large WAL; fold it back and truncate it.
                try? db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            }
            return IngestResult(accepted: session.accepted, duplicates: session.duplicates)
        }
    }

    /// Switches an empty file to a rollback journal for a bulk load, when no other connection has
    /// it open (SQLite refuses the switch at once otherwise, and the load runs in WAL mode).
    /// In WAL mode every page is written twice, to the WAL and by the checkpoint into the file
    /// (7 s of a 10-million-event load); a rollback journal records only the pages that existed
    /// before the transaction, which for an empty file are a few, so pages are written once.
    /// Atomicity and durability are the same (synchronous=FULL; a killed load leaves a hot
    /// journal that the next open rolls back, so the file is empty again). Other connections
    /// cannot open the file during the load (busy): fine for a file that had nothing to read.
    /// WAL comes back when the load ends, and in any case at the next open.
    private func rollbackJournalForLoad(_ db: Database) -> Bool {
        guard (try? Self.storedEventCount(db)) == 0 else { return false }
        return (try? db.pragmaText("journal_mode = DELETE")) == "delete"
    }

    /// Kept in `meta` by every ingest and delete (schema v3), so counting is O(1).
    private static let eventCountSQL = "SELECT value FROM meta WHERE key = 'event_count'"

    private static func storedEventCount(_ db: Database) throws -> Int64 {
        let s = try db.cachedStatement(eventCountSQL)
        defer { s.reset() }   // an open statement would keep a read transaction (and the journal mode)
        return try s.step() ? s.int64(at: 0) : 0
    }

    /// Deletes every event and everything derived from them; returns how many events there were.
    public func deleteAllEvents() throws -> Int {
        try withWriter { db in
            try db.inTransaction { try Self.deleteEvents(db) }
        }
    }

    static func deleteEvents(_ db: Database) throws -> Int {
        let n = Int(try storedEventCount(db))
        try db.execute("""
            DELETE FROM events; DELETE FROM rollups; DELETE FROM first_engagements;
            UPDATE meta SET value = 0 WHERE key = 'event_count';
            """)
        return n
    }

    /// Recomputes all rollups from the raw events (they are the truth).
    public func rebuildRollups() throws {
        try withWriter { db in
            try db.inTransaction { try Rollups.rebuild(db) }
        }
    }

    // MARK: settings

    /// The value stored under `key`, or nil.
    public func setting(_ key: String) throws -> String? {
        try withReader { r in
            let s = try r.db.cachedStatement("SELECT value FROM settings WHERE key = ?1")
            defer { s.reset() }
            s.bind(key, at: 1)
            return try s.step() ? s.string(at: 0) : nil
        }
    }

    /// Stores `value` under `key` durably; nil deletes the key.
    public func setSetting(_ key: String, _ value: String?) throws {
        try withWriter { db in try Self.writeSetting(db, key, value) }
    }

    static func writeSetting(_ db: Database, _ key: String, _ value: String?) throws {
        let s = try db.cachedStatement(value == nil ? "DELETE FROM settings WHERE key = ?1"
                                                    : "INSERT OR REPLACE INTO settings (key, value) VALUES (?1, ?2)")
        defer { s.reset() }
        s.bind(key, at: 1)
        if let value { s.bind(value, at: 2) }
        try s.execute()
    }

    // MARK: queries

    /// The recipients of the SEND events not from the mailbox simulator with timestamps in
    /// (fromMillis, toMillis]: what a sending quota counts (a message to three recipients counts three).
    public func sentRecipients(fromMillis: Int64, toMillis: Int64) throws -> Int64 {
        try withReader { r in
            let s = try r.db.cachedStatement("""
                SELECT coalesce(sum(recipient_count), 0) FROM events INDEXED BY events_quota_sends
                WHERE type = 'SEND' AND mailbox_simulator = 0 AND timestamp_ms > ?1 AND timestamp_ms <= ?2
                """)
            defer { s.reset() }
            s.bind(fromMillis, at: 1)
            s.bind(toMillis, at: 2)
            return try s.step() ? s.int64(at: 0) : 0
        }
    }

    /// SES v1's GetSendStatistics: per 15-minute interval of [from, to) with activity, oldest
    /// first, the sends, hard bounces and complaints BatchGetMetricData's SEND, PERMANENT_BOUNCE
    /// and COMPLAINT count (no mailbox simulator, one recipient, no suppression-list feedback).
    public func sendStatistics(fromMillis: Int64, toMillis: Int64) throws -> [SendStatisticsPoint] {
        try withReader { r in
            var points: [Int64: SendStatisticsPoint] = [:]
            let bucket = SendStatisticsPoint.intervalMillis
            let sends = try r.db.cachedStatement("""
                SELECT timestamp_ms / \(bucket), count(*) FROM events INDEXED BY events_quota_sends
                WHERE type = 'SEND' AND mailbox_simulator = 0 AND recipient_count <= 1 AND timestamp_ms >= ?1 AND timestamp_ms < ?2
                GROUP BY 1
                """)
            defer { sends.reset() }
            sends.bind(fromMillis, at: 1)
            sends.bind(toMillis, at: 2)
            while try sends.step() {
                let b = sends.int64(at: 0)
                points[b, default: SendStatisticsPoint(startMillis: b * bucket)].deliveryAttempts = sends.int64(at: 1)
            }
            let feedback = try r.db.cachedStatement("""
                SELECT timestamp_ms / \(bucket), sum(type = 'PERMANENT_BOUNCE'), sum(type = 'COMPLAINT') FROM events INDEXED BY events_feedback
                WHERE type IN ('PERMANENT_BOUNCE', 'COMPLAINT') AND mailbox_simulator = 0 AND recipient_count <= 1
                  AND suppression_list = 0 AND timestamp_ms >= ?1 AND timestamp_ms < ?2
                GROUP BY 1
                """)
            defer { feedback.reset() }
            feedback.bind(fromMillis, at: 1)
            feedback.bind(toMillis, at: 2)
            while try feedback.step() {
                let b = feedback.int64(at: 0)
                points[b, default: SendStatisticsPoint(startMillis: b * bucket)].bounces = feedback.int64(at: 1)
                points[b, default: SendStatisticsPoint(startMillis: b * bucket)].complaints = feedback.int64(at: 2)
            }
            return points.values.sorted { $0.startMillis < $1.startMillis }
        }
    }

    public func eventCount() throws -> Int {
        try withReader { Int(try $0.scalar(Self.eventCountSQL)) }
    }

    /// What the store holds (counts, first and last day, dimension values), from one snapshot.
    public func summary() throws -> DataSummary {
        try withReader { r in
            try r.db.execute("BEGIN")
            defer { try? r.db.execute("COMMIT") }
            return try DataSummary(reading: r.db, eventCount: Int(try r.scalar(Self.eventCountSQL)))
        }
    }

    /// One daily series; `zeroFill` adds a 0 for each day of the range without data.
    public func query(_ q: MetricQuery, zeroFill: Bool) throws -> DailySeries {
        try withReader { try self.run(q, zeroFill: zeroFill, on: $0) }
    }

    /// Several queries answered from one snapshot (one read transaction).
    public func query(_ queries: [MetricQuery], zeroFill: Bool) throws -> [DailySeries] {
        try withReader { r in
            try r.db.execute("BEGIN")
            defer { try? r.db.execute("COMMIT") }
            return try queries.map { try self.run($0, zeroFill: zeroFill, on: r) }
        }
    }

    /// Sums per combination of dimension values (export jobs), from one snapshot.
    public func groupedSums(_ q: GroupedQuery) throws -> GroupedSums {
        try withReader { r in
            try r.db.execute("BEGIN")
            defer { try? r.db.execute("COMMIT") }
            return try GroupedSumsReader(db: r.db, catalog: catalog).read(q)
        }
    }

    private func run(_ q: MetricQuery, zeroFill: Bool, on r: ReaderConnection) throws -> DailySeries {
        let first = q.firstDay
        guard first < q.endDate else { return DailySeries() }
        let identity = q.dimensions.emailIdentity ?? Schema.all
        let configurationSet = q.dimensions.configurationSet ?? Schema.all
        let ispFilter = q.dimensions.isp
        let tenant = q.dimensions.tenantName ?? Schema.all
        var out = DailySeries()
        if q.metric == .DELIVERY_COMPLAINT {
            // Computed now from per-ISP DELIVERY rollups with the catalog in use.
            let isps = ispFilter.map { catalog.hasFeedbackLoop($0) ? [$0] : [] } ?? feedbackLoopISPs
            try r.readSeries(metric: .DELIVERY, identity: identity, configurationSet: configurationSet,
                             isps: isps, tenant: tenant, from: first, to: q.endDate, into: &out)
        } else {
            try r.readSeries(metric: q.metric, identity: identity, configurationSet: configurationSet,
                             isps: [ispFilter ?? Schema.all], tenant: tenant, from: first, to: q.endDate, into: &out)
        }
        return zeroFill ? out.zeroFilled(firstDay: first, endDate: q.endDate) : out
    }

    /// Runs `body` on the writer connection, serialised with every other write.
    func withWriter<T>(_ body: (Database) throws -> T) throws -> T {
        try writeLock.withLock {
            guard let db = writer else { throw MetricsStoreError.closed }
            return try body(db)
        }
    }

    func withReader<T>(_ body: (ReaderConnection) throws -> T) throws -> T {
        let reader: ReaderConnection = try poolLock.withLock {
            if isClosed { throw MetricsStoreError.closed }
            return idleReaders.popLast()
        } ?? ReaderConnection(path: path, pageCacheKiB: max(1024, pageCacheMiB * 1024 / (2 * Self.maxIdleReaders)))
        defer {
            poolLock.withLock {
                if !isClosed && idleReaders.count < Self.maxIdleReaders { idleReaders.append(reader) }
            }
        }
        return try body(reader)
    }

    // MARK: files

    private static func makeTemporaryFile() throws -> String {
        let dir = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
        var template = Array("\(dir)/ses-metrics-emulator-XXXXXX.sqlite".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemps($0.baseAddress!, 7) }
        guard fd >= 0 else {
            throw SQLiteError(code: 14, message: "cannot create a temporary database in \(dir): \(FileIO.errnoText())")
        }
        Glibc.close(fd)
        return template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    private static func removeFiles(_ path: String) {
        for suffix in ["", "-wal", "-shm", "-journal"] { unlink(path + suffix) }
    }
}
