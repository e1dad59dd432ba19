import Support
@preconcurrency import Dispatch
import Synchronization

/// One SES request as `GET /_emulator/requests` lists it.
struct RequestLogEntry: Sendable {
    let exchange: SESExchange
    let status: Int
    let durationMs: Double

    /// Made when the answer is ready, so the duration covers every stage and the latency.
    init(_ exchange: SESExchange, status: Int) {
        self.exchange = exchange
        self.status = status
        durationMs = Double(DispatchTime.now().uptimeNanoseconds - exchange.startedUptimeNanos) / 1e6
    }

    var fragment: JSONFragment {
        let x = exchange
        var fields: [(String, JSONFragment)] = [
            ("time", .string(UTCCalendar.rfc3339(millis: x.startedEpochMillis, alwaysMillis: true))),
            ("requestId", .string(x.requestID)),
            ("method", .string(x.request.method)),
            ("path", .string(x.request.path)),
            ("operation", .string(x.operation)),
            ("status", .int(Int64(status))),
            ("accessKeyId", x.scope.map { .string($0.accessKeyID) } ?? .null),
            ("queries", .array(x.loggedQueries.map { .object([("id", .string($0.id)), ("metric", .string($0.metric))]) })),
            ("durationMs", .double(durationMs)),
        ]
        if let error = x.error {
            fields.append(("errorCode", .string(error.code)))
            fields.append(("errorMessage", .string(error.message)))
        }
        return .object(fields)
    }
}

/// The last N SES requests, newest last, so a test can assert what its code called.
/// A ring buffer: appending is O(1) under the lock (every SES request appends, from all handler
/// threads at once; shifting a 1000-entry array per request made the lock the hot spot).
final class RequestLog: Sendable {
    let capacity: Int
    private let ring = Mutex<Ring>(Ring())

    private struct Ring {
        var slots: [RequestLogEntry] = []
        var next = 0        // where the next entry goes once `slots` is full (= the oldest entry)
    }

    init(capacity: Int) {
        self.capacity = capacity
    }

    func append(_ entry: RequestLogEntry) {
        guard capacity > 0 else { return }
        // The evicted entry comes back out and is freed after the lock is released.
        var entry = entry
        ring.withLock { r in
            if r.slots.count < capacity {
                r.slots.append(entry)
            } else {
                swap(&entry, &r.slots[r.next])
                r.next = (r.next + 1) % capacity
            }
        }
    }

    func clear() { ring.withLock { $0 = Ring() } }

    /// Oldest first.
    var entries: [RequestLogEntry] {
        ring.withLock { r in Array(r.slots[r.next...] + r.slots[..<r.next]) }
    }

    var jsonBytes: [UInt8] {
        JSONFragment.object([("requests", .array(entries.map(\.fragment)))]).bytes
    }
}
