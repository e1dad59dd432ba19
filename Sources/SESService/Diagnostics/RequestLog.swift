@preconcurrency import Dispatch
import SESDomain
import SESWire
import Support
import Synchronization

/// One SES request as `GET /_emulator/requests` lists it: what the exchange says of it, copied
/// out so the log never keeps request or response bodies alive (1000 entries of 49 KB answers
/// held 100 MB).
struct RequestLogEntry: Sendable {
    let epochMillis: Int64
    let requestID: String
    let method: String
    let path: String
    let operation: String
    let status: Int
    let accessKeyID: String?
    let queries: [LoggedQuery]
    let error: AWSError?
    let durationMs: Double

    /// Made when the answer is ready, so the duration covers every stage and the latency.
    init(_ exchange: SESExchange, status: Int) {
        epochMillis = exchange.startedEpochMillis
        requestID = exchange.requestID
        method = exchange.request.method
        path = exchange.request.path
        operation = exchange.operation
        self.status = status
        accessKeyID = exchange.scope?.accessKeyID
        queries = exchange.loggedQueries
        error = exchange.error
        durationMs = Double(DispatchTime.now().uptimeNanoseconds - exchange.startedUptimeNanos) / 1e6
    }

    var fragment: JSONFragment { .object(fields) }

    private var fields: [(String, JSONFragment)] {
        var fields: [(String, JSONFragment)] = [
            ("time", .string(UTCCalendar.rfc3339(millis: epochMillis, alwaysMillis: true))),
            ("requestId", .string(requestID)),
            ("method", .string(method)),
            ("path", .string(path)),
            ("operation", .string(operation)),
            ("status", .int(Int64(status))),
            ("accessKeyId", accessKeyID.map { .string($0) } ?? .null),
            ("queries", .array(queries.map { .object([("id", .string($0.id)), ("metric", .string($0.metric))]) })),
            ("durationMs", .double(durationMs)),
        ]
        if let error {
            fields.append(("errorCode", .string(error.code)))
            fields.append(("errorMessage", .string(error.message)))
        }
        return fields
    }

    /// The entry with its bodies (`GET /_emulator/requests/{requestId}`): text as sent (bytes
    /// that are not UTF-8 shown as U+FFFD), null once the byte budget evicted them.
    func detail(_ kept: RequestBodies.Kept?) -> JSONFragment {
        func text(_ bytes: [UInt8]?) -> JSONFragment { bytes.map { .string(String(decoding: $0, as: UTF8.self)) } ?? .null }
        return .object(fields + [
            ("requestBody", text(kept?.request)),
            ("requestBodyTruncated", .bool(kept?.requestTruncated ?? false)),
            ("responseBody", text(kept?.response)),
            ("responseBodyTruncated", .bool(kept?.responseTruncated ?? false)),
        ])
    }
}

/// The last N SES requests, newest last, so a test can assert what its code called, and the
/// bodies of the latest of them within a byte budget (RequestBodies).
/// A ring buffer: appending is O(1) under the lock (every SES request appends, from all handler
/// threads at once; shifting a 1000-entry array per request made the lock the hot spot).
final class RequestLog: Sendable {
    /// What the bodies of the latest requests may hold in all, and one body at most.
    static let bodyBudget = 4 << 20
    static let maxBodyBytes = 256 << 10

    let capacity: Int
    let bodies: RequestBodies
    private let ring = Mutex<Ring>(Ring())

    private struct Ring {
        var slots: [RequestLogEntry] = []
        var next = 0        // where the next entry goes once `slots` is full (= the oldest entry)
    }

    init(capacity: Int) {
        self.capacity = capacity
        self.bodies = RequestBodies(budget: Self.bodyBudget, maxBodyBytes: Self.maxBodyBytes, capacity: capacity)
    }

    func append(_ entry: RequestLogEntry, requestBody: [UInt8], responseBody: [UInt8]) {
        guard capacity > 0 else { return }
        bodies.keep(requestID: entry.requestID, request: requestBody, response: responseBody)
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

    func clear() {
        ring.withLock { $0 = Ring() }
        bodies.clear()
    }

    /// The entry of `requestID` with its bodies, while it is listed.
    func detailBytes(_ requestID: String) -> [UInt8]? {
        guard let entry = ring.withLock({ r in r.slots.first { $0.requestID == requestID } }) else { return nil }
        return entry.detail(bodies.bodies(of: requestID)).bytes
    }

    /// Oldest first.
    var entries: [RequestLogEntry] {
        ring.withLock { r in Array(r.slots[r.next...] + r.slots[..<r.next]) }
    }

    var jsonBytes: [UInt8] {
        JSONFragment.object([("requests", .array(entries.map(\.fragment)))]).bytes
    }
}

extension RequestLog: ResettableState {
    package func resetInMemory() { clear() }
}
