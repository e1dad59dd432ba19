import Synchronization

/// The request and response bodies of the latest SES requests, for `GET /_emulator/requests/{id}`
/// (the console's Requests tab). Held as compact copies under a hard byte budget, oldest evicted
/// first, so what is kept is bounded whatever the traffic: the bodies never keep an exchange or its
/// buffers alive (see RequestLogEntry).
final class RequestBodies: Sendable {
    /// One exchange's bodies, each cut to `maxBodyBytes`.
    struct Kept: Sendable {
        let request: [UInt8]
        let requestTruncated: Bool
        let response: [UInt8]
        let responseTruncated: Bool

        var bytes: Int { request.count + response.count }
    }

    /// All kept bodies together, in bytes.
    let budget: Int
    /// One body's bytes; the rest is dropped and the body marked truncated.
    let maxBodyBytes: Int
    private let state = Mutex<State>(State())

    private struct State {
        /// Oldest first; `head` is the oldest still held (evicting never shifts). No index by id:
        /// hashing an id per request cost more than the rare lookup's scan of the newest entries.
        var entries: [(requestID: String, kept: Kept)] = []
        var head = 0
        var bytes = 0
    }

    init(budget: Int, maxBodyBytes: Int) {
        self.budget = budget
        self.maxBodyBytes = min(maxBodyBytes, budget / 2)
    }

    func keep(requestID: String, request: [UInt8], response: [UInt8]) {
        guard maxBodyBytes > 0 else { return }
        let kept = Kept(request: compactCopy(request), requestTruncated: request.count > maxBodyBytes,
                        response: compactCopy(response), responseTruncated: response.count > maxBodyBytes)
        // Evicted bodies are freed after the lock is released.
        var evicted: [Kept] = []
        state.withLock { s in
            while s.bytes + kept.bytes > budget, s.head < s.entries.count {
                evicted.append(s.entries[s.head].kept)
                s.bytes -= s.entries[s.head].kept.bytes
                s.entries[s.head] = Self.evictedEntry
                s.head += 1
            }
            if s.head > 1024 && s.head * 2 > s.entries.count {
                s.entries.removeFirst(s.head)
                s.head = 0
            }
            s.entries.append((requestID, kept))
            s.bytes += kept.bytes
        }
    }

    private static let evictedEntry = (requestID: "", kept: Kept(request: [], requestTruncated: false, response: [], responseTruncated: false))

    func bodies(of requestID: String) -> Kept? {
        state.withLock { s in s.entries[s.head...].last { $0.requestID == requestID }?.kept }
    }

    /// Bytes held now (never above `budget`).
    var heldBytes: Int { state.withLock { $0.bytes } }

    func clear() {
        var old = State()
        state.withLock { swap(&$0, &old) }  // `old` is freed after the lock is released
    }

    /// A copy with its own storage of exactly its size, never sharing a larger buffer; a body that
    /// already fills its storage (an encoded answer, a remembered one) is shared as it is.
    private func compactCopy(_ body: [UInt8]) -> [UInt8] {
        if body.count <= maxBodyBytes && body.capacity - body.count <= 64 { return body }
        let count = min(body.count, maxBodyBytes)
        return [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            body.withUnsafeBufferPointer { source in
                _ = buffer.initialize(from: source[0..<count])
            }
            initialized = count
        }
    }
}
