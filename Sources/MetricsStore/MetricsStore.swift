#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Events in SQLite with daily rollups and VDM semantics (issue 3). Thread-safe: one writer
/// connection behind a lock (ingests are serialised), a pool of read-only connections for
/// queries. WAL mode, so queries read the last committed state and never wait for an ingest;
/// synchronous=FULL on the writer, so an ingest that returned survives kill -9 or power loss.
public final class MetricsStore: @unchecked Sendable {
    public let path: String
    public let catalog: ISPCatalog
    public static var schemaVersion: Int64 { Schema.latestVersion }

    private let isTemporary: Bool
    private let writeLock = Lock()
    private var writer: Database?                  // guarded by writeLock
    private let poolLock = Lock()
    private var idleReaders: [ReaderConnection] = []  // guarded by poolLock
    private var isClosed = false                    // guarded by poolLock
    private let maxIdleReaders = 8

    /// Opens (creating and migrating if needed) the database at `path`; nil makes a temporary
    /// database file, deleted by close() or deinit.
    public init(path: String?, catalog: ISPCatalog = .builtIn) throws {
        if let path {
            self.path = path
            self.isTemporary = false
        } else {
            self.path = try Self.makeTemporaryFile()
            self.isTemporary = true
        }
        self.catalog = catalog
        do {
            let db = try Database(path: self.path, mode: .readWrite)
            let mode = try db.pragmaText("journal_mode = WAL")
            guard mode?.lowercased() == "wal" else {
                throw SQLiteError(code: 1, message: "could not switch to WAL mode (journal_mode is \(mode ?? "unknown"))", sql: "PRAGMA journal_mode = WAL")
            }
            // FULL: the WAL is synced at every commit, so an acknowledged ingest is durable.
            try db.execute("""
                PRAGMA synchronous = FULL;
                PRAGMA cache_size = -65536;
                PRAGMA temp_store = MEMORY;
                PRAGMA journal_size_limit = 67108864;
                """)
            try Schema.migrate(db)
            self.writer = db
        } catch {
            if isTemporary { Self.removeFiles(self.path) }
            throw error
        }
    }

    deinit { close() }

    /// Closes every connection (queries running now finish first); a temporary database's files
    /// are deleted. Later calls throw MetricsStoreError.closed.
    public func close() {
        writeLock.withLock {
            poolLock.withLock {
                if isClosed { return }
                isClosed = true
                idleReaders.removeAll()
            }
            if let w = writer {
                // Leave no WAL behind for a file someone may copy.
                try? w.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            }
            writer = nil
            if isTemporary { Self.removeFiles(path) }
        }
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
    public func bulkIngest(_ body: (BulkIngestSession) throws -> Void) throws -> IngestResult {
        try writeLock.withLock {
            guard let db = writer else { throw MetricsStoreError.closed }
            let session = try BulkIngestSession(db: db, catalog: catalog)
            defer { session.ended = true }
            try db.inTransaction {
                try body(session)
                try session.flush()
            }
            if session.accepted > 1_000_000 {
                // A large transaction leaves a large WAL; fold it back and truncate it.
                try? db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            }
            return IngestResult(accepted: session.accepted, duplicates: session.duplicates)
        }
    }

    /// Deletes every event and everything derived from them; returns how many events there were.
    public func deleteAllEvents() throws -> Int {
        try writeLock.withLock {
            guard let db = writer else { throw MetricsStoreError.closed }
            return try db.inTransaction {
                let count = try db.makeStatement("SELECT value FROM meta WHERE key = 'event_count'")
                let n = try count.step() ? Int(count.int64(at: 0)) : 0
                try db.execute("""
                    DELETE FROM events; DELETE FROM rollups; DELETE FROM first_engagements;
                    UPDATE meta SET value = 0 WHERE key = 'event_count';
                    """)
                return n
            }
        }
    }

    /// Recomputes all rollups from the raw events (they are the truth).
    public func rebuildRollups() throws {
        try writeLock.withLock {
            guard let db = writer else { throw MetricsStoreError.closed }
            try db.inTransaction { try Rollups.rebuild(db) }
        }
    }

    // MARK: queries

    public func eventCount() throws -> Int {
        try withReader { Int(try $0.scalar("SELECT value FROM meta WHERE key = 'event_count'")) }
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

    private func run(_ q: MetricQuery, zeroFill: Bool, on r: ReaderConnection) throws -> DailySeries {
        let first = q.firstDay
        guard first < q.endDate else { return DailySeries() }
        // nil and "*" both mean all values (the public init maps "*", but the fields are vars).
        let identity = q.emailIdentity ?? Schema.all
        let configurationSet = q.configurationSet ?? Schema.all
        let ispFilter = q.isp == Schema.all ? nil : q.isp
        var out = DailySeries()
        if q.metric == .DELIVERY_COMPLAINT {
            // Computed now from per-ISP DELIVERY rollups with the catalog in use (issue 3).
            if let isp = ispFilter {
                if catalog.hasFeedbackLoop(isp) {
                    try r.readSeries(metric: .DELIVERY, identity: identity, configurationSet: configurationSet,
                                     isp: isp, from: first, to: q.endDate, into: &out)
                }
            } else {
                // Sum the feedback-loop ISPs' series day by day. The range is bounded by the
                // data's days (rows come ascending), so index an array by day offset.
                var parts: [DailySeries] = []
                var lo = Int64.max, hi = Int64.min
                for isp in catalog.feedbackLoopNames {
                    var part = DailySeries()
                    try r.readSeries(metric: .DELIVERY, identity: identity, configurationSet: configurationSet,
                                     isp: isp, from: first, to: q.endDate, into: &part)
                    if let a = part.timestamps.first, let b = part.timestamps.last {
                        lo = min(lo, a); hi = max(hi, b)
                        parts.append(part)
                    }
                }
                if parts.isEmpty {
                    // no deliveries to feedback-loop ISPs in the range
                } else if parts.count == 1 {
                    out = parts[0]
                } else if (hi - lo) / UTCCalendar.secondsPerDay > 100_000 {
                    // Sparse data over centuries: a dictionary instead of a huge array.
                    var sums: [Int64: Int64] = [:]
                    for part in parts { for (t, v) in zip(part.timestamps, part.values) { sums[t, default: 0] += v } }
                    for t in sums.keys.sorted() { out.timestamps.append(t); out.values.append(sums[t]!) }
                } else {
                    let days = Int((hi - lo) / UTCCalendar.secondsPerDay) + 1
                    var sums = [Int64](repeating: 0, count: days)
                    var present = [Bool](repeating: false, count: days)
                    for part in parts {
                        for (t, v) in zip(part.timestamps, part.values) {
                            let i = Int((t - lo) / UTCCalendar.secondsPerDay)
                            sums[i] += v
                            present[i] = true
                        }
                    }
                    for i in 0..<days where present[i] {
                        out.timestamps.append(lo + Int64(i) * UTCCalendar.secondsPerDay)
                        out.values.append(sums[i])
                    }
                }
            }
        } else {
            try r.readSeries(metric: q.metric, identity: identity, configurationSet: configurationSet,
                             isp: ispFilter ?? Schema.all, from: first, to: q.endDate, into: &out)
        }
        return zeroFill ? out.zeroFilled(firstDay: first, endDate: q.endDate) : out
    }

    private func withReader<T>(_ body: (ReaderConnection) throws -> T) throws -> T {
        let reader: ReaderConnection = try poolLock.withLock {
            if isClosed { throw MetricsStoreError.closed }
            return idleReaders.popLast()
        } ?? ReaderConnection(path: path)
        defer {
            poolLock.withLock {
                if !isClosed && idleReaders.count < maxIdleReaders { idleReaders.append(reader) }
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
