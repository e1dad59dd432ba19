/// Failures of the store itself (SQLite failures arrive as SQLiteError).
public enum MetricsStoreError: Error, CustomStringConvertible, Sendable, Equatable {
    /// An event built in code broke a rule the decoder would have caught; `index` is its position
    /// in the batch (0-based).
    case invalidEvent(index: Int, field: String, reason: String)
    /// The file's schema is newer than this build understands.
    case schemaTooNew(found: Int64, supported: Int64)
    /// The store was closed.
    case closed
    /// A bulk ingest session was used after it ended.
    case sessionEnded
    /// Another process kept the file locked for as long as opening waits.
    case locked(waitedSeconds: Int)

    public var description: String {
        switch self {
        case .invalidEvent(let i, let f, let r): return "index \(i): \(f): \(r)"
        case .schemaTooNew(let found, let supported):
            return "database schema version \(found) is newer than this emulator supports (\(supported))"
        case .closed: return "the metrics store is closed"
        case .sessionEnded: return "the bulk ingest session has already ended"
        case .locked(let seconds):
            return "another process holds the file locked (an ingest loading it, most likely); gave up after \(seconds) s"
        }
    }
}
