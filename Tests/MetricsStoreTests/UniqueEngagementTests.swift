import Testing
@testable import MetricsStore

@Suite struct UniqueEngagementTests {
    @Test func repeatedOpensOfOneMessage_countOnce() throws {
        let store = try MetricsStore(path: nil, catalog: .builtIn)
        _ = try store.ingest((0..<5).map { ev(.OPEN, "2026-11-01", hour: Int64($0), messageId: "m1") })
        #expect(try store.total(.OPEN) == 1)
        #expect(try store.eventCount() == 5)
    }

    @Test func repeatedClicksOfOneMessage_countOnce_independentlyOfOpens() throws {
        let store = try MetricsStore(path: nil, catalog: .builtIn)
        _ = try store.ingest([ev(.CLICK, "2026-11-01", messageId: "m1"), ev(.CLICK, "2026-11-01", messageId: "m1"),
                              ev(.OPEN, "2026-11-01", messageId: "m1")])
        #expect(try store.total(.CLICK) == 1)
        #expect(try store.total(.OPEN) == 1)
    }

    @Test func eventsWithoutMessageId_eachCount() throws {
        let store = try MetricsStore(path: nil, catalog: .builtIn)
        _ = try store.ingest([ev(.OPEN, "2026-11-01"), ev(.OPEN, "2026-11-01"), ev(.CLICK, "2026-11-01"), ev(.CLICK, "2026-11-01")])
        #expect(try store.total(.OPEN) == 2)
        #expect(try store.total(.CLICK) == 2)
    }

    @Test func firstIngestedCounts_onItsOwnDay_evenIfLaterInTime() throws {
        let store = try MetricsStore(path: nil, catalog: .builtIn)
        // Ingested first but dated later: that one counts, on its day.
        _ = try store.ingest([ev(.OPEN, "2026-11-03", messageId: "m1"), ev(.OPEN, "2026-11-01", messageId: "m1")])
        #expect(try store.series(.OPEN, "2026-11-01", "2026-11-05") == series([("2026-11-03", 1)]))
    }

    @Test func firstIngestedWins_acrossBatchesAndDays() throws {
        let store = try MetricsStore(path: nil, catalog: .builtIn)
        _ = try store.ingest([ev(.OPEN, "2026-11-02", messageId: "m1")])
        _ = try store.ingest([ev(.OPEN, "2026-11-01", messageId: "m1"), ev(.OPEN, "2026-11-05", messageId: "m1"),
                              ev(.OPEN, "2026-11-05", messageId: "m2")])
        #expect(try store.series(.OPEN, "2026-11-01", "2026-11-10") == series([("2026-11-02", 1), ("2026-11-05", 1)]))
    }

    @Test func uniquenessIsDecidedBeforeExclusions() throws {
        let store = try MetricsStore(path: nil, catalog: .builtIn)
        // The first open is a simulator event: it is "the one" and is excluded, so m1 never counts.
        _ = try store.ingest([ev(.OPEN, "2026-11-01", messageId: "m1", simulator: true), ev(.OPEN, "2026-11-01", messageId: "m1")])
        _ = try store.ingest([ev(.CLICK, "2026-11-01", messageId: "m1", recipientCount: 3), ev(.CLICK, "2026-11-02", messageId: "m1")])
        #expect(try store.total(.OPEN) == 0)
        #expect(try store.total(.CLICK) == 0)
    }

    @Test func uniquenessIsDecidedBeforeFiltersAndRanges() throws {
        let store = try MetricsStore(path: nil, catalog: .builtIn)
        _ = try store.ingest([ev(.OPEN, "2026-10-01", identity: "a.com", messageId: "m1"),
                              ev(.OPEN, "2026-11-01", identity: "b.com", messageId: "m1")])
        #expect(try store.total(.OPEN, identity: "b.com") == 0)
        #expect(try store.total(.OPEN, "2026-11-01", "2026-12-01") == 0)
        #expect(try store.total(.OPEN, identity: "a.com") == 1)
    }

    @Test func duplicateEventIdDoesNotBecomeTheFirstOpen() throws {
        let store = try MetricsStore(path: nil, catalog: .builtIn)
        _ = try store.ingest([ev(.OPEN, "2026-11-02", messageId: "m1", eventId: "e1")])
        // e1 again (a duplicate) with another day: ignored entirely.
        let r = try store.ingest([ev(.OPEN, "2026-11-01", messageId: "m1", eventId: "e1")])
        #expect(r == IngestResult(accepted: 0, duplicates: 1))
        #expect(try store.series(.OPEN, "2026-11-01", "2026-11-05") == series([("2026-11-02", 1)]))
    }
}
