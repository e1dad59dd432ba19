import MetricsStore
import SESDomain
import SESWire
import Synchronization

/// BatchGetMetricData's answers by request body, each valid while the store's change stamp is the
/// one it was read under. Between two commits an answer cannot change: it depends on the stored
/// events and the body only, never on the clock or the caller. So a batch asked again (a dashboard
/// polling, a test retrying) is answered from here on the event loop's thread, without a read.
package final class AnswerCache: Sendable {
    private struct Key: Hashable {
        let body: [UInt8]
        // Hashed as one run of bytes: Array's own hash feeds the hasher a byte at a time.
        func hash(into hasher: inout Hasher) { body.withUnsafeBytes { hasher.combine(bytes: $0) } }
    }

    private struct Entry {
        let stamp: ChangeStamp
        let input: BatchGetMetricDataInput
        let answer: [UInt8]
        /// What the entry holds, roughly: a validated query is well under 256 bytes.
        var bytes: Int { answer.count + 256 * (input.queries.count + 1) }
    }

    private struct State {
        var entries: [Key: Entry] = [:]
        var bytes = 0
    }

    private let state = Mutex(State())
    private let maxEntries: Int
    private let maxBytes: Int

    package init(maxEntries: Int = 256, maxBytes: Int = 8 << 20) {
        self.maxEntries = maxEntries
        self.maxBytes = maxBytes
    }

    /// The validated input of `body` and its answer, when kept under `stamp`.
    package func answer(to body: [UInt8], at stamp: ChangeStamp) -> (BatchGetMetricDataInput, [UInt8])? {
        state.withLock { s in
            guard let entry = s.entries[Key(body: body)], entry.stamp == stamp else { return nil }
            return (entry.input, entry.answer)
        }
    }

    /// `stamp` must have been taken before the read that made `answer` began.
    package func keep(_ answer: [UInt8], input: BatchGetMetricDataInput, for body: [UInt8], at stamp: ChangeStamp) {
        let entry = Entry(stamp: stamp, input: input, answer: answer)
        let size = entry.bytes + body.count
        guard size <= maxBytes / 8 else { return }
        state.withLock { s in
            let key = Key(body: body)
            if let old = s.entries.removeValue(forKey: key) { s.bytes -= old.bytes + body.count }
            // Full: start over. Entries are only good until the next commit anyway.
            if s.entries.count >= maxEntries || s.bytes + size > maxBytes {
                s.entries.removeAll()
                s.bytes = 0
            }
            s.entries[key] = entry
            s.bytes += size
        }
    }

    package var count: Int { state.withLock { $0.entries.count } }
}

extension AnswerCache: ResettableState {
    /// Entries would not be used again (the reset commits), but they would stay resident.
    package func resetInMemory() { state.withLock { $0 = State() } }
}
