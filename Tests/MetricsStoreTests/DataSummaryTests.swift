import Testing
@testable import MetricsStore

@Suite struct DataSummaryTests {
    @Test func emptyStore_hasNoDaysAndNoValues() throws {
        let store = try MetricsStore(path: nil)
        #expect(try store.summary() == DataSummary(eventCount: 0, countedEventCount: 0, firstDay: nil, lastDay: nil,
                                                   identities: [:], configurationSets: [:], isps: [:]))
    }

    @Test func countsEachCountedEventOnce_perIdentityConfigurationSetAndISP() throws {
        let store = try MetricsStore(path: nil)
        _ = try store.ingest([
            ev(.SEND, "2026-11-01", identity: "a.com", configurationSet: "x", isp: "Gmail"),
            // feeds DELIVERY, DELIVERY_OPEN and DELIVERY_CLICK: still one event
            ev(.DELIVERY, "2026-11-01", identity: "a.com", configurationSet: "x", isp: "Gmail",
               openTracking: true, clickTracking: true),
            ev(.OPEN, "2026-11-02", identity: "a.com", isp: "Hotmail", messageId: "m"),
            ev(.PERMANENT_BOUNCE, "2026-11-03", identity: "b.com", configurationSet: "y", isp: "Yahoo"),
            ev(.TRANSIENT_BOUNCE, "2026-11-03", identity: "b.com", configurationSet: "y", isp: "Yahoo"),
            ev(.COMPLAINT, "2026-11-04", identity: "b.com", isp: "Aol"),
            ev(.CLICK, "2026-11-04", identity: "b.com", isp: "Aol"),
        ])
        let summary = try store.summary()
        #expect(summary.eventCount == 7)
        #expect(summary.countedEventCount == 7)
        #expect(summary.identities == ["a.com": 3, "b.com": 4])
        #expect(summary.configurationSets == ["x": 2, "y": 2])
        #expect(summary.isps == ["Gmail": 2, "Hotmail": 1, "Yahoo": 2, "Aol": 2])
        #expect(summary.firstDay == day("2026-11-01"))
        #expect(summary.lastDay == day("2026-11-04"))
    }

    @Test func eventsNoMetricCounts_areInTheEventCountOnly() throws {
        let store = try MetricsStore(path: nil)
        _ = try store.ingest([
            ev(.SEND, "2026-11-05", identity: "a.com"),
            ev(.SEND, "2026-11-01", identity: "sim.com", simulator: true),
            ev(.SEND, "2026-11-09", identity: "many.com", recipientCount: 3),
            ev(.PERMANENT_BOUNCE, "2026-11-05", identity: "a.com", suppressionList: true),
            ev(.OPEN, "2026-11-05", identity: "a.com", messageId: "m"),
            ev(.OPEN, "2026-11-06", identity: "a.com", messageId: "m"),
        ])
        let summary = try store.summary()
        #expect(summary.eventCount == 6)
        #expect(summary.countedEventCount == 2)
        #expect(summary.identities == ["a.com": 2])
        #expect(summary.firstDay == day("2026-11-05"))
        #expect(summary.lastDay == day("2026-11-05"))
    }

    @Test func daysSpanRollupBlocksAndIngests() throws {
        let store = try MetricsStore(path: nil)
        // 1970-01-01 is slot 0 of block 0; the others are in later 32-day blocks, across ingests.
        _ = try store.ingest([ev(.SEND, "2026-03-15"), ev(.SEND, "2026-01-31")])
        _ = try store.ingest([ev(.SEND, "1970-01-01"), ev(.SEND, "2026-01-31", identity: "b.com")])
        let summary = try store.summary()
        #expect(summary.firstDay == 0)
        #expect(summary.lastDay == day("2026-03-15"))
        #expect(summary.identities == ["example.com": 3, "b.com": 1])
        #expect(summary.isps == ["Gmail": 4])
        #expect(summary.configurationSets == [:])
    }

    @Test func followsDeletes() throws {
        let store = try MetricsStore(path: nil)
        _ = try store.ingest([ev(.SEND, "2026-11-01")])
        _ = try store.deleteAllEvents()
        #expect(try store.summary() == DataSummary(eventCount: 0, countedEventCount: 0, firstDay: nil, lastDay: nil,
                                                   identities: [:], configurationSets: [:], isps: [:]))
    }

    @Test func agreesWithTheQueries_onGeneratedData() throws {
        let store = try MetricsStore(path: nil)
        var generator = EventGenerator(options: GeneratorOptions(
            seed: 3, startDate: day("2026-01-01"), days: 70, identities: ["a.com", "b.com"],
            configurationSets: ["x"], dailySends: 50))
        var ndjson: [UInt8] = []
        generator.run(write: { ndjson += $0 })
        let events = try EventDecoder.decodeNDJSON(ndjson, source: "generated", catalog: .builtIn)
        _ = try store.ingest(events)
        let summary = try store.summary()
        #expect(summary.eventCount == events.count)
        let metrics: [Metric] = [.SEND, .COMPLAINT, .PERMANENT_BOUNCE, .TRANSIENT_BOUNCE, .OPEN, .CLICK, .DELIVERY]
        for identity in ["a.com", "b.com"] {
            let counted = try metrics.reduce(0) { $0 + (try store.total($1, "2025-01-01", "2027-01-01", identity: identity)) }
            #expect(summary.identities[identity] == Int(counted))
        }
        let days = try metrics.flatMap { try store.series($0, "2025-01-01", "2027-01-01").timestamps }
        #expect(summary.firstDay == days.min())
        #expect(summary.lastDay == days.max())
        #expect(summary.countedEventCount == summary.identities.values.reduce(0, +))
        #expect(summary.countedEventCount == summary.isps.values.reduce(0, +))
    }
}
