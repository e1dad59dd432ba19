/// Daily sums per (metric, day, identity, configuration set, ISP), aggregated in memory during an
/// ingest and written once at its end, expanded to the 8 combinations of "this value" / "all" for
/// the three dimensions so any query reads at most one row per day.
struct Rollups {
    private struct BaseKey: Hashable {
        var metric: UInt8
        var identity: Int32
        var configurationSet: Int32   // -1: none
        var isp: Int32
        var day: Int32                // days since 1970-01-01
    }

    private var counts: [BaseKey: Int64] = [:]
    private var identities = Interner()
    private var configurationSets = Interner()
    private var isps = Interner()
    private static let metricIndex: [Metric: UInt8] = Dictionary(uniqueKeysWithValues: Metric.allCases.enumerated().map { ($1, UInt8($0)) })

    var isEmpty: Bool { counts.isEmpty }

    mutating func add(_ metric: Metric, event e: Event) {
        let key = BaseKey(
            metric: Self.metricIndex[metric]!,
            identity: identities.id(e.emailIdentity),
            configurationSet: e.configurationSet.map { configurationSets.id($0) } ?? -1,
            isp: isps.id(e.isp),
            day: Int32(truncatingIfNeeded: e.timestampMillis / UTCCalendar.millisPerDay))
        counts[key, default: 0] += 1
    }

    /// Adds the sums to the `rollups` table (upsert), inside the caller's transaction.
    func write(to db: Database) throws {
        guard !counts.isEmpty else { return }
        struct FullKey: Hashable {
            var metric: UInt8, identity: Int32, configurationSet: Int32, isp: Int32, day: Int32
        }
        let allID: Int32 = -2
        var expanded: [FullKey: Int64] = [:]
        expanded.reserveCapacity(counts.count * 4)
        for (k, v) in counts {
            for mask in 0..<8 {
                let key = FullKey(metric: k.metric,
                                  identity: mask & 1 != 0 ? k.identity : allID,
                                  configurationSet: mask & 2 != 0 ? k.configurationSet : allID,
                                  isp: mask & 4 != 0 ? k.isp : allID,
                                  day: k.day)
                expanded[key, default: 0] += v
            }
        }
        let upsert = try db.cachedStatement("""
            INSERT INTO rollups (metric, email_identity, configuration_set, isp, day, value)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6)
            ON CONFLICT (metric, email_identity, configuration_set, isp, day)
            DO UPDATE SET value = value + excluded.value
            """)
        // Upsert in the table's key order (metric, identity, configuration set, ISP, day, compared
        // as SQLite's BINARY collation does): each B-tree leaf is filled once, left to right,
        // instead of hash order touching a random page per row.
        let metrics = Metric.allCases
        let metricRank = Self.byteOrderRanks(metrics.map(\.rawValue))
        let identityRank = Self.byteOrderRanks(identities.names + [Schema.all])
        let configurationSetRank = Self.byteOrderRanks(configurationSets.names + [Schema.all, Schema.noConfigurationSet])
        let ispRank = Self.byteOrderRanks(isps.names + [Schema.all])
        func rank(_ r: [Int32], _ id: Int32, all: Int, none: Int = -1) -> Int32 {
            id == allID ? r[all] : id == -1 ? r[none] : r[Int(id)]
        }
        let ordered = expanded.sorted { a, b in
            let x = a.key, y = b.key
            if x.metric != y.metric { return metricRank[Int(x.metric)] < metricRank[Int(y.metric)] }
            if x.identity != y.identity {
                return rank(identityRank, x.identity, all: identities.names.count) < rank(identityRank, y.identity, all: identities.names.count)
            }
            if x.configurationSet != y.configurationSet {
                let n = configurationSets.names.count
                return rank(configurationSetRank, x.configurationSet, all: n, none: n + 1)
                    < rank(configurationSetRank, y.configurationSet, all: n, none: n + 1)
            }
            if x.isp != y.isp { return rank(ispRank, x.isp, all: isps.names.count) < rank(ispRank, y.isp, all: isps.names.count) }
            return x.day < y.day
        }
        for (k, v) in ordered {
            upsert.bind(metrics[Int(k.metric)].rawValue, at: 1)
            upsert.bind(k.identity == allID ? Schema.all : identities.names[Int(k.identity)], at: 2)
            upsert.bind(k.configurationSet == allID ? Schema.all
                        : k.configurationSet == -1 ? Schema.noConfigurationSet
                        : configurationSets.names[Int(k.configurationSet)], at: 3)
            upsert.bind(k.isp == allID ? Schema.all : isps.names[Int(k.isp)], at: 4)
            upsert.bind(Int64(k.day) * UTCCalendar.secondsPerDay, at: 5)
            upsert.bind(v, at: 6)
            try upsert.execute()
        }
    }

    /// Each string's position among `names` in byte (SQLite BINARY) order.
    private static func byteOrderRanks(_ names: [String]) -> [Int32] {
        var ranks = [Int32](repeating: 0, count: names.count)
        for (r, i) in names.indices.sorted(by: { names[$0].utf8.lexicographicallyPrecedes(names[$1].utf8) }).enumerated() {
            ranks[i] = Int32(r)
        }
        return ranks
    }

    /// Recomputes `rollups` and `first_engagements` from the raw events, in ingest (rowid) order.
    /// Runs inside the caller's transaction.
    static func rebuild(_ db: Database) throws {
        try db.execute("DELETE FROM rollups; DELETE FROM first_engagements;")
        let select = try db.makeStatement("""
            SELECT id, type, timestamp_ms, email_identity, configuration_set, isp, message_id,
                   recipient_count, mailbox_simulator, suppression_list, open_tracking, click_tracking
            FROM events ORDER BY id
            """)
        var recorder = try EngagementRecorder(db)
        var rollups = Rollups()
        while try select.step() {
            guard let type = select.string(at: 1).flatMap(EventType.init(rawValue:)) else { continue }
            let e = Event(type: type, timestampMillis: select.int64(at: 2),
                          emailIdentity: select.string(at: 3) ?? "", configurationSet: select.string(at: 4),
                          isp: select.string(at: 5) ?? "", messageId: select.string(at: 6),
                          recipientCount: select.int64(at: 7), mailboxSimulator: select.int64(at: 8) != 0,
                          suppressionList: select.int64(at: 9) != 0, openTracking: select.int64(at: 10) != 0,
                          clickTracking: select.int64(at: 11) != 0)
            let first = try recorder.isFirst(e, rowid: select.int64(at: 0))
            rollups.add(e, countsAsFirstEngagement: first)
        }
        try rollups.write(to: db)
    }

    @inline(__always) mutating func add(_ e: Event, countsAsFirstEngagement first: Bool) {
        let (a, b, c) = Metric.counted(for: e, countsAsFirstEngagement: first)
        if let a { add(a, event: e) }
        if let b { add(b, event: e) }
        if let c { add(c, event: e) }
    }
}

/// Records the first OPEN / CLICK ingested per message (issue 3: that one counts, on its own day;
/// later ones never do), whatever exclusions apply to it.
struct EngagementRecorder {
    let insert: Statement
    let db: Database

    init(_ db: Database) throws {
        self.db = db
        self.insert = try db.cachedStatement("""
            INSERT INTO first_engagements (kind, message_id, event_rowid) VALUES (?1, ?2, ?3)
            ON CONFLICT (kind, message_id) DO NOTHING
            """)
    }

    /// True when `e` counts: not an OPEN/CLICK, no messageId, or the first for its message.
    mutating func isFirst(_ e: Event, rowid: Int64) throws -> Bool {
        guard e.type.isUniquePerMessage, let m = e.messageId else { return true }
        insert.bind(e.type.rawValue, at: 1)
        insert.bind(m, at: 2)
        insert.bind(rowid, at: 3)
        try insert.execute()
        return db.changes == 1
    }
}

/// Strings ↔ small integers, so in-memory keys hash cheaply.
struct Interner {
    private var ids: [String: Int32] = [:]
    private(set) var names: [String] = []

    @inline(__always) mutating func id(_ s: String) -> Int32 {
        if let i = ids[s] { return i }
        let i = Int32(names.count)
        names.append(s)
        ids[s] = i
        return i
    }
}
