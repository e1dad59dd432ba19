import Support
import Testing
@testable import MetricsStore

@Suite struct GeneratorTests {
    func generate(_ o: GeneratorOptions, chunkSize: Int = 1 << 18) -> [UInt8] {
        var g = EventGenerator(options: o)
        var out: [UInt8] = []
        g.run(chunkSize: chunkSize, write: { out += $0 })
        return out
    }

    let options = GeneratorOptions(seed: 42, startDate: day("2026-10-29"), days: 30, dailySends: 300)

    @Test func sameOptions_giveByteIdenticalOutput_whateverTheChunking() {
        let a = generate(options)
        #expect(a.count > 100_000)
        #expect(a == generate(options))
        #expect(a == generate(options, chunkSize: 1000))
    }

    @Test func otherSeed_givesOtherOutput_andOtherIds() throws {
        var o = options
        o.seed = 43
        let a = try EventDecoder.decodeNDJSON(generate(options), source: "a", catalog: .builtIn)
        let b = try EventDecoder.decodeNDJSON(generate(o), source: "b", catalog: .builtIn)
        #expect(a != b)
        #expect(Set(a.compactMap(\.eventId)).isDisjoint(with: b.compactMap(\.eventId)))
    }

    @Test func xoshiro_isStableAcrossBuilds() {
        // Pinned values: any change to the PRNG changes every generated file.
        var r = Xoshiro256(seed: 0)
        #expect([r.next(), r.next(), r.next()] == [0x99EC_5F36_CB75_F2B4, 0xBF6E_1F78_4956_452A, 0x1A5F_849D_4933_E6E0])
    }

    @Test func output_isValidEvents_withinTheDays_withUniqueEventIds() throws {
        let events = try EventDecoder.decodeNDJSON(generate(options), source: "gen", catalog: .builtIn)
        let end = (day("2026-10-29") + 30 * 86_400) * 1000
        #expect(events.allSatisfy { $0.timestampMillis >= day("2026-10-29") * 1000 && $0.timestampMillis < end })
        let ids = events.compactMap(\.eventId)
        #expect(ids.count == events.count)
        #expect(Set(ids).count == ids.count)
        #expect(Set(events.map(\.emailIdentity)) == Set(GeneratorOptions.defaultIdentities))
        #expect(Set(events.compactMap(\.configurationSet)) == Set(GeneratorOptions.defaultConfigurationSets))
        #expect(events.contains { $0.configurationSet == nil })
    }

    @Test func noEventIds_leavesThemOut() throws {
        var o = options
        o.eventIds = false
        o.days = 2
        let events = try EventDecoder.decodeNDJSON(generate(o), source: "gen", catalog: .builtIn)
        #expect(!events.isEmpty)
        #expect(events.allSatisfy { $0.eventId == nil })
    }

    @Test func rates_areRealistic() throws {
        var o = options
        o.dailySends = 2500
        o.days = 14
        let store = try MetricsStore(path: nil, catalog: .builtIn)
        let events = try EventDecoder.decodeNDJSON(generate(o), source: "gen", catalog: .builtIn)
        _ = try store.ingest(events)
        let from = "2026-10-29", to = "2026-11-12"
        let sends = Double(try store.total(.SEND, from, to))
        let ratio = { (m: Metric) throws -> Double in Double(try store.total(m, from, to)) / sends }
        #expect(sends > 25_000)
        #expect((0.95...0.985).contains(try ratio(.DELIVERY)))
        #expect((0.01...0.02).contains(try ratio(.PERMANENT_BOUNCE)))
        #expect((0.004...0.012).contains(try ratio(.TRANSIENT_BOUNCE)))
        #expect(try ratio(.COMPLAINT) < 0.002)
        let trackedOpen = Double(try store.total(.DELIVERY_OPEN, from, to))
        let trackedClick = Double(try store.total(.DELIVERY_CLICK, from, to))
        #expect((0.2...0.4).contains(Double(try store.total(.OPEN, from, to)) / trackedOpen))
        #expect((0.02...0.05).contains(Double(try store.total(.CLICK, from, to)) / trackedClick))
        // Repeat opens exist in the raw events but do not count.
        #expect(events.filter { $0.type == .OPEN }.count > Int(try store.total(.OPEN, from, to)))
        // Some multi-recipient and simulator mail, excluded from metrics.
        #expect(events.contains { $0.recipientCount > 1 } && events.contains { $0.mailboxSimulator })
        // Gmail leads the ISP mix.
        #expect(try store.total(.SEND, from, to, isp: "Gmail") > store.total(.SEND, from, to, isp: "Hotmail"))
    }

    @Test func ingestingTheSameOutputTwice_isIdempotent() throws {
        var o = options
        o.days = 3
        let bytes = generate(o)
        let store = try MetricsStore(path: nil, catalog: .builtIn)
        let first = try store.ingest(EventDecoder.decodeNDJSON(bytes, source: "g", catalog: .builtIn))
        let second = try store.ingest(EventDecoder.decodeNDJSON(bytes, source: "g", catalog: .builtIn))
        #expect(first.duplicates == 0 && first.accepted > 0)
        #expect(second == IngestResult(accepted: 0, duplicates: first.accepted))
    }

    @Test func invalidOptions_areReported() {
        var o = options
        o.days = 0
        #expect(o.problem == "days: must be at least 1")
        o = options; o.identities = ["a.com", "*"]
        #expect(o.problem?.hasPrefix("identities:") == true)
        o = options; o.identities = []
        #expect(o.problem?.hasPrefix("identities:") == true)
        o = options; o.configurationSets = ["x", "x"]
        #expect(o.problem == "configuration-sets: duplicate value")
        o = options; o.startDate += 5
        #expect(o.problem?.hasPrefix("start:") == true)
        o = options; o.startDate = day("9999-12-30"); o.days = 5
        #expect(o.problem?.hasPrefix("days:") == true)
        #expect(options.problem == nil)
    }

    @Test func utcCalendar_roundTrips() {
        for d: Int64 in [0, 59, 60, 365, 10_957, 20_000, 2_932_896] {
            let c = UTCCalendar.civil(days: d)
            #expect(UTCCalendar.days(year: c.year, month: c.month, day: c.day) == d)
        }
        #expect(UTCCalendar.formatDate(days: 0) == "1970-01-01")
        #expect(UTCCalendar.parseDate("2026-11-27") == 1_795_737_600)
        #expect(UTCCalendar.parseDate("2026-02-29") == nil)
        var out: [UInt8] = []
        UTCCalendar.appendRFC3339(millis: 1_795_737_600_123, to: &out)
        #expect(String(decoding: out, as: UTF8.self) == "2026-11-27T00:00:00.123Z")
    }
}

@Suite struct SeedDataTests {
    static let repo = "/" + String(#filePath).split(separator: "/").dropLast(3).joined(separator: "/")

    /// seed-data/README.md gives the command; the file must be exactly its output.
    @Test func seedEvents_areTheGeneratorsOutputForTheDocumentedCommand() throws {
        let o = GeneratorOptions(seed: 42, startDate: day("2026-10-29"), days: 30,
                                 identities: ["example.com", "marketing.example.com", "alerts@example.org"],
                                 configurationSets: ["transactional", "newsletters"], dailySends: 18)
        var g = EventGenerator(options: o)
        var out: [UInt8] = []
        g.run(write: { out += $0 })
        let file = try FileIO.readAll(path: Self.repo + "/seed-data/events.ndjson")
        #expect(out == file)
        #expect(file.count < 300_000)
    }

    @Test func seedEvents_answerTheTotalsTheReadmeStates() throws {
        let events = try EventDecoder.decodeNDJSON(FileIO.readAll(path: Self.repo + "/seed-data/events.ndjson"),
                                                   source: "events.ndjson", catalog: .builtIn)
        let store = try MetricsStore(path: nil, catalog: .builtIn)
        #expect(try store.ingest(events) == IngestResult(accepted: 1266, duplicates: 0))
        let expected: [Metric: Int64] = [.SEND: 530, .DELIVERY: 511, .DELIVERY_OPEN: 335, .DELIVERY_CLICK: 265, .OPEN: 107,
                                         .CLICK: 7, .PERMANENT_BOUNCE: 3, .TRANSIENT_BOUNCE: 3, .COMPLAINT: 1, .DELIVERY_COMPLAINT: 189]
        for (m, v) in expected {
            #expect(try store.total(m, "2026-10-29", "2026-11-28") == v, "\(m)")
        }
        #expect(try store.series(.SEND, "2026-10-29", "2026-11-28").timestamps.count == 30)
    }
}
