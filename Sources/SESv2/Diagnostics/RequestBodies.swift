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
        var byID: [String: Kept] = [:]
        /// Request ids, oldest first; `head` is the oldest still held (evicting never shifts).
        var order: [String] = []
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
            while s.bytes + kept.bytes > budget, s.head < s.order.count {
                if let old = s.byID.removeValue(forKey: s.order[s.head]) {
                    s.bytes -= old.bytes
                    evicted.append(old)
                }
                s.head += 1
            }
            if s.head > 1024 && s.head * 2 > s.order.count {
                s.order.removeFirst(s.head)
                s.head = 0
            }
            s.order.append(requestID)
            s.byID[requestID] = kept
            s.bytes += kept.bytes
        }
    }

    func bodies(of requestID: String) -> Kept? {
        state.withLock { $0.byID[requestID] }
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
