import Support

/// Daily sums per (metric, identity, configuration set, ISP, tenant, day), aggregated in memory
/// during an ingest in 32-day blocks (RollupBlock) and written at its end (or earlier, once there
/// are many: `flushIfLarge`), expanded to the 8 combinations of "this value" / "all" for the three
/// dimensions so any query reads one series; each once under tenant "all" and, for an event that
/// has a tenant, once more under its tenant.
struct Rollups {
    private struct Key: Hashable {
        var metric: UInt8
        var identity: Int32
        var configurationSet: Int32   // -1: none
        var isp: Int32
        var tenant: Int32             // -1: none
        var block: Int32
    }

    /// Each key's RollupBlock.days counters start at its offset in `counts`.
    private var offsets: [Key: Int] = [:]
    private var counts: [Int64] = []
    private var identities = Interner()
    private var configurationSets = Interner()
    private var isps = Interner()
    private var tenants = Interner()

    var isEmpty: Bool { offsets.isEmpty }

    /// Key-blocks held before `flushIfLarge` writes them: 8 MB of counters, and at most 8 times
    /// that while `write` expands them. Dense traffic (few keys, many days) rarely reaches it;
    /// sparse traffic (an identity per event) would otherwise grow without bound.
    static let flushThreshold = 1 << 15

    /// Writes and forgets the sums once there are `flushThreshold` key-blocks, inside the caller's
    /// transaction; `write` merges into stored blocks, so writing in several parts is the same.
    mutating func flushIfLarge(to db: Database) throws {
        guard offsets.count >= Self.flushThreshold else { return }
        try write(to: db)
        self = Rollups()
    }

    /// Adds 1 to `metric` on the day `slot` of the block in `base`.
    @inline(__always) private mutating func add(_ metric: Metric, _ base: Key, slot: Int) {
        var key = base
        key.metric = metric.ordinal
        counts[Self.offset(of: key, in: &offsets, counts: &counts) + slot] += 1
    }

    /// The offset of `key`'s counters, appending zeroed ones for a new key.
    @inline(__always) private static func offset(of key: Key, in offsets: inout [Key: Int], counts: inout [Int64]) -> Int {
        if let o = offsets[key] { return o }
        let o = counts.count
        counts.append(contentsOf: repeatElement(0, count: RollupBlock.days))
        offsets[key] = o
        return o
    }

    /// Adds the sums to the `rollups` table (merged into stored blocks), inside the caller's
    /// transaction. Rows are written in primary-key order, so a B-tree fills sequentially instead
    /// of at random pages.
    func write(to db: Database) throws {
        guard !offsets.isEmpty else { return }
        // Ranks that sort like SQLite's BINARY collation (bytewise), sentinels included.
        let metricNames = Metric.allCases.map(\.rawValue)
        let metricRank = Self.ranks(metricNames)
        let identityNames = identities.names + [Schema.all]
        let configurationSetNames = configurationSets.names + [Schema.all, Schema.noConfigurationSet]
        let ispNames = isps.names + [Schema.all]
        let tenantNames = tenants.names + [Schema.all]
        let identityRank = Self.ranks(identityNames)
        let configurationSetRank = Self.ranks(configurationSetNames)
        let ispRank = Self.ranks(ispNames)
        let tenantRank = Self.ranks(tenantNames)
        let allIdentity = Int32(identities.names.count)
        let allConfigurationSet = Int32(configurationSets.names.count), noConfigurationSet = allConfigurationSet + 1
        let allISP = Int32(isps.names.count)
        let allTenants = Int32(tenants.names.count)

        var expandedOffsets: [Key: Int] = [:]
        expandedOffsets.reserveCapacity(offsets.count * 4)
        var sums: [Int64] = []
        for (k, from) in offsets {
            let cs = k.configurationSet < 0 ? noConfigurationSet : k.configurationSet
            for tenant in k.tenant < 0 ? [allTenants] : [allTenants, k.tenant] {
                for mask in 0..<8 {
                    let key = Key(metric: k.metric,
                                  identity: mask & 1 != 0 ? k.identity : allIdentity,
                                  configurationSet: mask & 2 != 0 ? cs : allConfigurationSet,
                                  isp: mask & 4 != 0 ? k.isp : allISP,
                                  tenant: tenant,
                                  block: k.block)
                    let to = Self.offset(of: key, in: &expandedOffsets, counts: &sums)
                    for i in 0..<RollupBlock.days { sums[to + i] += counts[from + i] }
                }
            }
        }
        var rows = Array(expandedOffsets)
        rows.sort { a, b in
            let x = a.key, y = b.key
            if x.metric != y.metric { return metricRank[Int(x.metric)] < metricRank[Int(y.metric)] }
            if x.identity != y.identity { return identityRank[Int(x.identity)] < identityRank[Int(y.identity)] }
            if x.configurationSet != y.configurationSet { return configurationSetRank[Int(x.configurationSet)] < configurationSetRank[Int(y.configurationSet)] }
            if x.isp != y.isp { return ispRank[Int(x.isp)] < ispRank[Int(y.isp)] }
            if x.tenant != y.tenant { return tenantRank[Int(x.tenant)] < tenantRank[Int(y.tenant)] }
            return x.block < y.block
        }
        let stored = try db.cachedStatement("""
            SELECT counts FROM rollups
            WHERE metric = ?1 AND email_identity = ?2 AND configuration_set = ?3 AND isp = ?4 AND tenant = ?5 AND block = ?6
            """)
        let upsert = try db.cachedStatement("""
            INSERT OR REPLACE INTO rollups (metric, email_identity, configuration_set, isp, tenant, block, counts)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
            """)
        func bindKey(_ s: Statement, _ k: Key) {
            s.bind(metricNames[Int(k.metric)], at: 1)
            s.bind(identityNames[Int(k.identity)], at: 2)
            s.bind(configurationSetNames[Int(k.configurationSet)], at: 3)
            s.bind(ispNames[Int(k.isp)], at: 4)
            s.bind(tenantNames[Int(k.tenant)], at: 5)
            s.bind(Int64(k.block), at: 6)
        }
        for (k, offset) in rows {
            bindKey(stored, k)
            bindKey(upsert, k)
            if try stored.step() {
                sums.withUnsafeMutableBufferPointer { all in
                    stored.withBlob(at: 0) { RollupBlock.accumulate($0, into: UnsafeMutableBufferPointer(rebasing: all[offset...])) }
                }
            }
            stored.reset()
            upsert.bind(RollupBlock.encode(sums[offset..<offset + RollupBlock.days]), at: 7)
            try upsert.execute()
        }
    }

    /// rank[i] = position of names[i] in bytewise order.
    private static func ranks(_ names: [String]) -> [Int32] {
        let order = names.indices.sorted { names[$0].utf8.lexicographicallyPrecedes(names[$1].utf8) }
        var rank = [Int32](repeating: 0, count: names.count)
        for (position, i) in order.enumerated() { rank[i] = Int32(position) }
        return rank
    }

    /// Recomputes `rollups` and `first_engagements` from the raw events, in ingest (rowid) order.
    /// Runs inside the caller's transaction.
    static func rebuild(_ db: Database) throws {
        try db.execute("DELETE FROM rollups; DELETE FROM first_engagements;")
        let select = try db.makeStatement("""
            SELECT id, type, timestamp_ms, email_identity, configuration_set, isp, message_id,
                   recipient_count, mailbox_simulator, suppression_list, open_tracking, click_tracking, tenant
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
                          clickTracking: select.int64(at: 11) != 0, tenantName: select.string(at: 12))
            let first = try recorder.isFirst(e, rowid: select.int64(at: 0))
            rollups.add(e, countsAsFirstEngagement: first)
            try rollups.flushIfLarge(to: db)
        }
        try rollups.write(to: db)
    }

    /// Counts the event in every metric it feeds (see Metric.counted).
    @inline(__always) mutating func add(_ e: Event, countsAsFirstEngagement first: Bool) {
        let (a, b, c) = Metric.counted(for: e, countsAsFirstEngagement: first)
        guard a != nil || b != nil || c != nil else { return }
        let day = UTCCalendar.dayNumber(ofMillis: e.timestampMillis)
        let base = Key(
            metric: 0,
            identity: identities.id(e.emailIdentity),
            configurationSet: e.configurationSet.map { configurationSets.id($0) } ?? -1,
            isp: isps.id(e.isp),
            tenant: e.tenantName.map { tenants.id($0) } ?? -1,
            block: Int32(truncatingIfNeeded: RollupBlock.block(ofDay: day)))
        let slot = RollupBlock.slot(ofDay: day)
        if let a { add(a, base, slot: slot) }
        if let b { add(b, base, slot: slot) }
        if let c { add(c, base, slot: slot) }
    }
}

/// Records the first OPEN / CLICK ingested per message (that one counts, on its own day;
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

    private var lastName = ""
    private var lastID: Int32 = -1

    @inline(__always) mutating func id(_ s: String) -> Int32 {
        // Consecutive events mostly repeat their identity / set / ISP: compare before hashing.
        if lastID >= 0 && s == lastName { return lastID }
        let i = lookup(s)
        lastName = s
        lastID = i
        return i
    }

    private mutating func lookup(_ s: String) -> Int32 {
        if let i = ids[s] { return i }
        let i = Int32(names.count)
        names.append(s)
        ids[s] = i
        return i
    }
}
