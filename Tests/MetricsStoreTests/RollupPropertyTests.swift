import Support
import Testing
@testable import MetricsStore

/// Rollup answers must equal a recount from the raw events, computed here by a plain reference
/// model of the metric rules in docs/data-and-events.md, for random queries after random ingests (seeded, so reproducible).
@Suite struct RollupPropertyTests {
    /// The reference: every accepted event in ingest order, with whether it is the first OPEN/CLICK
    /// of its message.
    struct Model {
        var stored: [(event: Event, first: Bool)] = []
        var eventIds: Set<String> = []
        var engaged: Set<String> = []
        let catalog: ISPCatalog

        mutating func ingest(_ batch: [Event]) -> IngestResult {
            var r = IngestResult(accepted: 0, duplicates: 0)
            for e in batch {
                if let id = e.eventId {
                    if eventIds.contains(id) { r.duplicates += 1; continue }
                    eventIds.insert(id)
                }
                var first = true
                if e.type == .OPEN || e.type == .CLICK, let m = e.messageId {
                    first = engaged.insert(e.type.rawValue + "|" + m).inserted
                }
                stored.append((e, first))
                r.accepted += 1
            }
            return r
        }

        func counts(_ q: MetricQuery, _ s: (event: Event, first: Bool)) -> Bool {
            let e = s.event
            if e.mailboxSimulator || e.recipientCount > 1 { return false }
            if let i = q.dimensions.emailIdentity, i != e.emailIdentity { return false }
            if let c = q.dimensions.configurationSet, c != e.configurationSet { return false }
            if let p = q.dimensions.isp, p != e.isp { return false }
            let dayStart = e.timestampMillis / 86_400_000 * 86_400
            if dayStart < q.startDate || dayStart >= q.endDate { return false }
            switch q.metric {
            case .SEND: return e.type == .SEND
            case .DELIVERY: return e.type == .DELIVERY
            case .DELIVERY_OPEN: return e.type == .DELIVERY && e.openTracking
            case .DELIVERY_CLICK: return e.type == .DELIVERY && e.clickTracking
            case .DELIVERY_COMPLAINT: return e.type == .DELIVERY && catalog.hasFeedbackLoop(e.isp)
            case .PERMANENT_BOUNCE: return e.type == .PERMANENT_BOUNCE && !e.suppressionList
            case .TRANSIENT_BOUNCE: return e.type == .TRANSIENT_BOUNCE
            case .COMPLAINT: return e.type == .COMPLAINT && !e.suppressionList
            case .OPEN: return e.type == .OPEN && s.first
            case .CLICK: return e.type == .CLICK && s.first
            }
        }

        func answer(_ q: MetricQuery, zeroFill: Bool) -> DailySeries {
            var perDay: [Int64: Int64] = [:]
            for s in stored where counts(q, s) {
                perDay[s.event.timestampMillis / 86_400_000 * 86_400, default: 0] += 1
            }
            var out = DailySeries()
            let first = (q.startDate + 86_399) / 86_400 * 86_400
            if zeroFill {
                var d = first
                while d < q.endDate { out.timestamps.append(d); out.values.append(perDay[d] ?? 0); d += 86_400 }
            } else {
                for d in perDay.keys.sorted() { out.timestamps.append(d); out.values.append(perDay[d]!) }
            }
            return out
        }
    }

    static let identities = ["a.com", "b.com", "c@d.org"]
    static let sets: [String?] = ["x", "y", "z", nil]
    static let firstDay = day("2026-10-01")

    static func randomEvent(_ rng: inout Xoshiro256, serial: inout Int) -> Event {
        serial += 1
        let isps = ISPCatalog.builtIn.names
        let type = EventType.allCases[Int(rng.int(0, 6))]
        let millis = (firstDay + rng.int(0, 19) * 86_400) * 1000 + rng.int(0, 86_399_999)
        return Event(type: type, timestampMillis: millis,
                     emailIdentity: identities[Int(rng.int(0, 2))],
                     configurationSet: sets[Int(rng.int(0, 3))],
                     isp: isps[Int(rng.int(0, Int64(isps.count - 1)))],
                     messageId: rng.chance(0.8) ? "m\(rng.int(0, 40))" : nil,
                     eventId: rng.chance(0.7) ? "e\(rng.int(0, Int64(serial)))" : nil,
                     recipientCount: rng.chance(0.1) ? rng.int(2, 4) : 1,
                     mailboxSimulator: rng.chance(0.08), suppressionList: rng.chance(0.25),
                     openTracking: rng.chance(0.5), clickTracking: rng.chance(0.4))
    }

    static func randomQuery(_ rng: inout Xoshiro256) -> MetricQuery {
        let start = firstDay + rng.int(-3, 20) * 86_400
        let end = start + rng.int(0, 25) * 86_400
        let isps = ISPCatalog.builtIn.names
        let dimensions = DimensionFilter(
            emailIdentity: rng.chance(0.5) ? nil : (identities + ["nobody.com", "*"])[Int(rng.int(0, 4))],
            configurationSet: rng.chance(0.5) ? nil : ["x", "y", "z", "w", "*"][Int(rng.int(0, 4))],
            isp: rng.chance(0.5) ? nil : (isps + ["*"])[Int(rng.int(0, Int64(isps.count)))])
        return MetricQuery(metric: Metric.allCases[Int(rng.int(0, 9))], dimensions: dimensions, startDate: start, endDate: end)
    }

    @Test(arguments: [1, 2, 3, 42, 2026] as [UInt64])
    func rollupAnswers_equalRecountFromRawEvents(seed: UInt64) throws {
        var rng = Xoshiro256(seed: seed)
        let store = try MetricsStore(path: nil, catalog: .builtIn)
        var model = Model(catalog: .builtIn)
        var serial = 0
        for _ in 0..<12 {
            let batch = (0..<Int(rng.int(1, 120))).map { _ in Self.randomEvent(&rng, serial: &serial) }
            if rng.chance(0.15) {
                // A batch with one bad event stores nothing.
                var bad = batch
                bad.insert(Event(type: .SEND, timestampMillis: 0, emailIdentity: "*", isp: "Gmail"), at: Int(rng.int(0, Int64(bad.count))))
                #expect(throws: MetricsStoreError.self) { try store.ingest(bad) }
                continue
            }
            #expect(try store.ingest(batch) == model.ingest(batch))
            for _ in 0..<40 {
                let q = Self.randomQuery(&rng)
                let zeroFill = rng.chance(0.3)
                #expect(try store.query(q, zeroFill: zeroFill) == model.answer(q, zeroFill: zeroFill), "\(q)")
            }
        }
        #expect(try store.eventCount() == model.stored.count)
        // The rollups rebuilt from the raw events agree too.
        try store.rebuildRollups()
        let qs = (0..<100).map { _ in Self.randomQuery(&rng) }
        #expect(try store.query(qs, zeroFill: false) == qs.map { model.answer($0, zeroFill: false) })
    }

    @Test func deliveryComplaint_recount_underAnotherCatalog() throws {
        var rng = Xoshiro256(seed: 7)
        let path = temporaryDatabasePath()
        defer { removeDatabase(path) }
        var serial = 0
        let events = (0..<400).map { _ in Self.randomEvent(&rng, serial: &serial) }
        do {
            let s = try MetricsStore(path: path, catalog: .builtIn)
            _ = try s.ingest(events)
            s.close()
        }
        let other = try ISPCatalog(entries: ISPCatalog.builtIn.entries.map { .init(name: $0.name, feedbackLoop: !$0.feedbackLoop) })
        let store = try MetricsStore(path: path, catalog: other)
        var model = Model(catalog: other)
        _ = model.ingest(events)
        for _ in 0..<60 {
            var q = Self.randomQuery(&rng)
            q.metric = .DELIVERY_COMPLAINT
            #expect(try store.query(q, zeroFill: false) == model.answer(q, zeroFill: false))
        }
    }
}
