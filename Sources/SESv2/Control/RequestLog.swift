import Synchronization

/// One SES request as `GET /_emulator/requests` lists it.
struct RequestLogEntry: Sendable {
    let epochMillis: Int64
    let requestID: String
    let method: String
    let path: String
    let operation: String
    let status: Int
    let accessKeyID: String?
    let queries: [(id: String, metric: String)]
    let durationMs: Double

    var fragment: JSONFragment {
        .object([
            ("time", .string(RFC3339.format(epochSeconds: epochMillis / 1000, milliseconds: Int(epochMillis % 1000)))),
            ("requestId", .string(requestID)),
            ("method", .string(method)),
            ("path", .string(path)),
            ("operation", .string(operation)),
            ("status", .int(Int64(status))),
            ("accessKeyId", accessKeyID.map { .string($0) } ?? .null),
            ("queries", .array(queries.map { .object([("id", .string($0.id)), ("metric", .string($0.metric))]) })),
            ("durationMs", .double(durationMs)),
        ])
    }
}

/// The last N SES requests, newest last, so a test can assert what its code called.
final class RequestLog: Sendable {
    let capacity: Int
    private let entries = Mutex<[RequestLogEntry]>([])

    init(capacity: Int) {
        self.capacity = capacity
    }

    func append(_ entry: RequestLogEntry) {
        guard capacity > 0 else { return }
        entries.withLock { all in
            all.append(entry)
            if all.count > capacity { all.removeFirst(all.count - capacity) }
        }
    }

    func clear() { entries.withLock { $0.removeAll() } }

    var jsonBytes: [UInt8] {
        let snapshot = entries.withLock { $0 }
        return JSONFragment.object([("requests", .array(snapshot.map(\.fragment)))]).bytes
    }
}
