import CSQLite

/// An SQLite failure: the extended result code, SQLite's message and the SQL that failed.
/// (After GRDB's DatabaseError: the code decides what the caller can do, the SQL says where.)
public struct SQLiteError: Error, CustomStringConvertible, Sendable {
    /// The extended result code (https://www.sqlite.org/rescode.html).
    public let extendedCode: Int32
    public let message: String
    public let sql: String?

    /// The primary result code: the low 8 bits of the extended one.
    public var resultCode: Int32 { extendedCode & 0xFF }

    public init(code: Int32, message: String, sql: String? = nil) {
        self.extendedCode = code
        self.message = message
        self.sql = sql
    }

    init(code: Int32, connection: OpaquePointer?, sql: String?) {
        let msg = connection.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
            ?? String(cString: sqlite3_errstr(code))
        self.init(code: code, message: msg, sql: sql)
    }

    public var isBusy: Bool { resultCode == SQLITE_BUSY || resultCode == SQLITE_LOCKED }

    public var description: String {
        var s = "SQLite error \(extendedCode): \(message)"
        if let sql { s += " (while executing: \(sql))" }
        return s
    }
}
