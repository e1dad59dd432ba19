import CSQLite

/// A prepared statement, compiled once and reused: bind → step → reset.
/// Not thread-safe; it belongs to its Database's owner.
final class Statement {
    let handle: OpaquePointer
    let sql: String
    unowned let database: Database

    init(database: Database, sql: String, persistent: Bool) throws(SQLiteError) {
        var stmt: OpaquePointer?
        let flags: UInt32 = persistent ? UInt32(SQLITE_PREPARE_PERSISTENT) : 0
        let code = sqlite3_prepare_v3(database.handle, sql, -1, flags, &stmt, nil)
        guard code == SQLITE_OK, let stmt else {
            throw SQLiteError(code: code, connection: database.handle, sql: sql)
        }
        self.handle = stmt
        self.sql = sql
        self.database = database
    }

    deinit { sqlite3_finalize(handle) }

    // MARK: binding (1-based indexes, as SQLite numbers parameters)

    @inline(__always) func bind(_ value: Int64, at index: Int32) {
        sqlite3_bind_int64(handle, index, value)
    }

    @inline(__always) func bind(_ value: Int, at index: Int32) {
        sqlite3_bind_int64(handle, index, Int64(value))
    }

    @inline(__always) func bind(_ value: Bool, at index: Int32) {
        sqlite3_bind_int(handle, index, value ? 1 : 0)
    }

    @inline(__always) func bind(_ value: String, at index: Int32) {
        var value = value
        value.withUTF8 { buf in
            // An empty buffer may have a nil base address; SQLite reads that as NULL, so pass "".
            if let base = buf.baseAddress {
                _ = sqlite3_bind_text(handle, index, UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self), Int32(buf.count), csqlite_transient())
            } else {
                _ = sqlite3_bind_text(handle, index, "", 0, csqlite_transient())
            }
        }
    }

    @inline(__always) func bind(_ value: String?, at index: Int32) {
        if let value { bind(value, at: index) } else { sqlite3_bind_null(handle, index) }
    }

    /// Binds `value` in place for the duration of `body`, which steps the statement: no copy
    /// (SQLITE_STATIC), where `bind` makes SQLite allocate and copy every string. The parameter
    /// is bound to NULL afterwards, so the statement never keeps a pointer into freed memory.
    @inline(__always) func withText<T>(_ value: String?, at index: Int32, _ body: () throws -> T) rethrows -> T {
        guard var value, !value.isEmpty else {
            bind(value, at: index)
            return try body()
        }
        return try value.withUTF8 { buf in
            _ = sqlite3_bind_text(handle, index, UnsafeRawPointer(buf.baseAddress!).assumingMemoryBound(to: CChar.self),
                                  Int32(buf.count), nil)
            defer { sqlite3_bind_null(handle, index) }
            return try body()
        }
    }

    func bind(_ bytes: [UInt8], at index: Int32) {
        bytes.withUnsafeBytes { buf in
            // An empty buffer may have a nil base address, which SQLite would bind as NULL.
            if let base = buf.baseAddress {
                _ = sqlite3_bind_blob(handle, index, base, Int32(buf.count), csqlite_transient())
            } else {
                _ = sqlite3_bind_zeroblob(handle, index, 0)
            }
        }
    }

    // MARK: execution

    /// Advances to the next row; false when the statement is done. On error the statement is
    /// reset so it can be reused.
    @inline(__always) func step() throws(SQLiteError) -> Bool {
        let code = sqlite3_step(handle)
        if code == SQLITE_ROW { return true }
        if code == SQLITE_DONE { return false }
        let error = SQLiteError(code: sqlite3_extended_errcode(database.handle), connection: database.handle, sql: sql)
        sqlite3_reset(handle)
        throw error
    }

    @inline(__always) func reset() { sqlite3_reset(handle) }

    /// Runs a statement that returns no rows, then resets it.
    @inline(__always) func execute() throws(SQLiteError) {
        defer { sqlite3_reset(handle) }
        while try step() {}
    }

    // MARK: columns (0-based)

    @inline(__always) func int64(at column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }

    func string(at column: Int32) -> String? {
        guard let p = sqlite3_column_text(handle, column) else { return nil }
        let n = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self)
    }

    /// The column's BLOB bytes, valid only inside `body` (SQLite owns them until the next step).
    @inline(__always) func withBlob<T>(at column: Int32, _ body: (UnsafeRawBufferPointer) -> T) -> T {
        let p = sqlite3_column_blob(handle, column)
        return body(UnsafeRawBufferPointer(start: p, count: p == nil ? 0 : Int(sqlite3_column_bytes(handle, column))))
    }
}
