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
    /// Exchanges whose bodies are kept at most: the request log's size, as a body is only found
    /// through its listed request.
    let capacity: Int
    private let state: Mutex<State>

    /// A ring of fixed size: keeping a body allocates nothing and moves nothing under the lock.
    /// Two event loops log every request, and a lock held while the ring grew or compacted (a
    /// memmove of thousands of entries) made them wait on each other: 3-4 ms at p99 instead of 1.
    private struct State {
        var slots: [(requestID: String, kept: Kept)?]
        /// Where the next bodies go.
        var next = 0
        /// The oldest slot holding bodies, and how many (from `tail` on, in ring order) do.
        var tail = 0
        var held = 0
        var bytes = 0

        init(capacity: Int) { slots = Array(repeating: nil, count: capacity) }

        mutating func evictOldest() {
            bytes -= slots[tail]?.kept.bytes ?? 0
            slots[tail] = nil
            tail = (tail + 1) % slots.count
            held -= 1
        }
    }

    init(budget: Int, maxBodyBytes: Int, capacity: Int = 1000) {
        self.budget = budget
        self.maxBodyBytes = min(maxBodyBytes, budget / 2)
        self.capacity = max(1, capacity)
        self.state = Mutex(State(capacity: max(1, capacity)))
    }

    func keep(requestID: String, request: [UInt8], response: [UInt8]) {
        guard maxBodyBytes > 0 else { return }
        let kept = Kept(request: compactCopy(request), requestTruncated: request.count > maxBodyBytes,
                        response: compactCopy(response), responseTruncated: response.count > maxBodyBytes)
        state.withLock { s in
            if s.held == s.slots.count { s.evictOldest() }
            while s.held > 0 && s.bytes + kept.bytes > budget { s.evictOldest() }
            s.slots[s.next] = (requestID, kept)
            s.next = (s.next + 1) % s.slots.count
            s.held += 1
            s.bytes += kept.bytes
        }
    }

    func bodies(of requestID: String) -> Kept? {
        state.withLock { s in
            for age in 0..<s.held {
                let i = (s.next - 1 - age + 2 * s.slots.count) % s.slots.count
                if let slot = s.slots[i], slot.requestID == requestID { return slot.kept }
            }
            return nil
        }
    }

    /// Bytes held now (never above `budget`).
    var heldBytes: Int { state.withLock { $0.bytes } }

    func clear() {
        var old = State(capacity: capacity)
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
