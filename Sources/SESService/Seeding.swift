import Glibc
import MetricsStore
import SESDomain
import Synchronization

/// How the seed data enters a store: at start (into an empty database only) and on reset. Keeps
/// what the last load did, for the data summary and for reset's confirmation rule.
public final class Seeding: Sendable {
    public let seed: SeedData?
    /// Move events so the newest seed day is yesterday, as of the moment of loading.
    public let shiftToToday: Bool
    /// Events the last load stored, and the days it moved them by (0 before any load).
    private let loaded = Atomic<Int>(0)
    private let shift = Atomic<Int64>(0)
    /// What a reset's transaction loaded, recorded once it commits.
    private let pending = Mutex<(Int, Int64)?>(nil)

    public init(seed: SeedData?, shiftToToday: Bool) {
        self.seed = seed
        self.shiftToToday = shiftToToday
    }

    /// Events stored by the last load in this process: at start, or at the last reset.
    public var loadedEvents: Int { loaded.load(ordering: .relaxed) }

    /// Days the last load moved the seed events by (0 when not moved, or nothing loaded).
    public var shiftDays: Int64 { shift.load(ordering: .relaxed) }

    /// Ingests the seed events; returns how many were stored.
    @discardableResult
    public func load(into store: MetricsStore) throws -> Int {
        let (events, days) = eventsToLoad()
        let accepted = events.isEmpty ? 0 : try store.ingest(events).accepted
        record(loaded: accepted, shiftDays: days)
        return accepted
    }

    /// The seed events as of now, moved when `shiftToToday`, and the days moved by.
    private func eventsToLoad() -> ([Event], Int64) {
        guard let seed else { return ([], 0) }
        let days = shiftToToday ? seed.daysToYesterday(now: Int64(time(nil))) : 0
        return (days == 0 ? seed.events : seed.events.map { $0.shifted(byDays: days) }, days)
    }

    private func record(loaded count: Int, shiftDays days: Int64) {
        loaded.store(count, ordering: .relaxed)
        shift.store(days, ordering: .relaxed)
    }
}

extension Seeding: ResettableState {
    /// The seed, loaded again into the emptied store.
    package func resetStored(in store: StoreReset) throws {
        let (events, days) = eventsToLoad()
        let accepted = try store.ingest(events)
        pending.withLock { $0 = (accepted, days) }
    }

    package func resetInMemory() {
        let loaded = pending.withLock { p in defer { p = nil }; return p }
        if let (count, days) = loaded { record(loaded: count, shiftDays: days) }
    }
}
