/// A min-heap of connection deadlines: the loop's timers, one structure for all its connections.
///
/// Entries are never removed early: a connection whose deadline moved later keeps its entry, and
/// the loop re-checks the connection's real deadline when the entry comes due. A connection pushes
/// a new entry only when its deadline moves earlier than the one it has queued, so a keep-alive
/// connection moving between idle and busy costs no heap work per request.
struct DeadlineHeap {
    private var entries: [(deadline: UInt64, connection: Connection)] = []

    var earliest: UInt64? { entries.first?.deadline }

    mutating func push(_ deadline: UInt64, _ connection: Connection) {
        entries.append((deadline, connection))
        var i = entries.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard entries[i].deadline < entries[parent].deadline else { break }
            entries.swapAt(i, parent)
            i = parent
        }
    }

    /// Removes and returns the earliest entry if it is due at `now`.
    mutating func popDue(now: UInt64) -> (deadline: UInt64, connection: Connection)? {
        guard let first = entries.first, first.deadline <= now else { return nil }
        let last = entries.removeLast()
        guard !entries.isEmpty else { return first }
        entries[0] = last
        var i = 0
        while true {
            let left = 2 * i + 1, right = left + 1
            var smallest = i
            if left < entries.count && entries[left].deadline < entries[smallest].deadline { smallest = left }
            if right < entries.count && entries[right].deadline < entries[smallest].deadline { smallest = right }
            if smallest == i { break }
            entries.swapAt(i, smallest)
            i = smallest
        }
        return first
    }
}
