import CSQLite

/// One SQLite connection. Not thread-safe: MetricsStore gives each connection one owner at a time
/// (the writer behind a lock, readers checked out of a pool).
final class Database {
    let handle: OpaquePointer
    let path: String
    private var cache: [String: Statement] = [:]

    enum Mode { case readWrite, readOnly }

    /// Process-wide settings applied once, before the first connection initializes SQLite.
    private static let configured: Bool = {
        _ = csqlite_disable_memstatus()
        return true
    }()

    /// How long a connection waits for another's lock before SQLITE_BUSY.
    static let busyTimeoutMillis: Int32 = 5000

    init(path: String, mode: Mode) throws(SQLiteError) {
        _ = Self.configured
        var db: OpaquePointer?
        // NOMUTEX: SQLite's own per-connection mutex is redundant with our ownership rule.
        let flags = (mode == .readWrite ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY)
            | SQLITE_OPEN_NOMUTEX
        let code = sqlite3_open_v2(path, &db, flags, nil)
        guard code == SQLITE_OK, let db else {
            let error = SQLiteError(code: code, connection: db, sql: nil)
            sqlite3_close_v2(db)
            throw error
        }
        self.handle = db
        self.path = path
        sqlite3_extended_result_codes(db, 1)
        // Readers never wait for the writer in WAL mode; this only covers checkpoints and opening.
        sqlite3_busy_timeout(db, Self.busyTimeoutMillis)
    }

    func setBusyTimeout(millis: Int32) {
        sqlite3_busy_timeout(handle, millis)
    }

    deinit {
        cache.removeAll()
        sqlite3_close_v2(handle)
    }

    /// Runs SQL without parameters (schema, pragmas, transaction control). Several statements allowed.
    func execute(_ sql: String) throws(SQLiteError) {
        var errmsg: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(handle, sql, nil, nil, &errmsg)
        if code != SQLITE_OK {
            let message = errmsg.map { String(cString: $0) } ?? String(cString: sqlite3_errstr(code))
            sqlite3_free(errmsg)
            throw SQLiteError(code: sqlite3_extended_errcode(handle), message: message, sql: sql)
        }
    }

    /// A prepared statement for `sql`, compiled on first use and reused afterwards.
    func cachedStatement(_ sql: String) throws(SQLiteError) -> Statement {
        if let s = cache[sql] { return s }
        let s = try Statement(database: self, sql: sql, persistent: true)
        cache[sql] = s
        return s
    }

    /// A fresh statement, finalized when released.
    func makeStatement(_ sql: String) throws(SQLiteError) -> Statement {
        try Statement(database: self, sql: sql, persistent: false)
    }

    /// Rows changed by the last INSERT/UPDATE/DELETE on this connection.
    var changes: Int { Int(sqlite3_changes(handle)) }

    var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    /// Reads an integer pragma such as `user_version`.
    func pragmaInt(_ name: String) throws(SQLiteError) -> Int64 {
        let s = try makeStatement("PRAGMA \(name)")
        guard try s.step() else { return 0 }
        return s.int64(at: 0)
    }

    /// Reads a text pragma such as `journal_mode`.
    func pragmaText(_ sqlPragma: String) throws(SQLiteError) -> String? {
        let s = try makeStatement("PRAGMA \(sqlPragma)")
        guard try s.step() else { return nil }
        return s.string(at: 0)
    }

    /// Runs `body` inside BEGIN IMMEDIATE … COMMIT; rolls back if it throws.
    func inTransaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            if isInTransaction { try? execute("ROLLBACK") }
            throw error
        }
    }
}

extension Database {
    var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }
}
