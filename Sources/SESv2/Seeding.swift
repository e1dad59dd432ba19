import Glibc
import MetricsStore
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
        guard let seed else {
            record(loaded: 0, shiftDays: 0)
            return 0
        }
        let days = shiftToToday ? seed.daysToYesterday(now: Int64(time(nil))) : 0
        let accepted = try store.ingest(days == 0 ? seed.events : seed.events.map { $0.shifted(byDays: days) }).accepted
        record(loaded: accepted, shiftDays: days)
        return accepted
    }

    private func record(loaded count: Int, shiftDays days: Int64) {
        loaded.store(count, ordering: .relaxed)
        shift.store(days, ordering: .relaxed)
    }
}
