import Glibc
import MetricsStore

/// How the seed data enters a store: at start (into an empty database only) and on reset.
public struct Seeding: Sendable {
    public let seed: SeedData?
    /// Move events so the newest seed day is yesterday, as of the moment of loading.
    public let shiftToToday: Bool

    public init(seed: SeedData?, shiftToToday: Bool) {
        self.seed = seed
        self.shiftToToday = shiftToToday
    }

    /// Ingests the seed events; returns how many were stored.
    @discardableResult
    public func load(into store: MetricsStore) throws -> Int {
        guard let seed else { return 0 }
        let events = shiftToToday ? seed.shiftedToYesterday(now: Int64(time(nil))) : seed.events
        return try store.ingest(events).accepted
    }
}
