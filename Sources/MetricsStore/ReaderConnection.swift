import Support

/// A read-only connection with its prepared statements, checked out of MetricsStore's pool by
/// one query at a time. In WAL mode it reads the last committed snapshot and never waits for
/// the writer.
final class ReaderConnection {
    let db: Database

    init(path: String, pageCacheKiB: Int) throws {
        db = try Database(path: path, mode: .readOnly)
        try db.execute("PRAGMA cache_size = -\(pageCacheKiB)")
    }

    /// Appends the daily sums of the stored rollups for one metric, identity and configuration
    /// set over `isps` (one, or several summed), for the days whose midnight is in [from, to),
    /// ascending by day; days summing to 0 are left out.
    func readSeries(metric: Metric, identity: String, configurationSet: String, isps: [String], tenant: String,
                    from: Int64, to: Int64, into out: inout DailySeries) throws {
        guard !isps.isEmpty else { return }
        let firstDay = UTCCalendar.floorDays(seconds: from)
        let endDay = UTCCalendar.ceilDays(seconds: to)   // the first day not included
        guard firstDay < endDay else { return }
        let s = try statement(ispCount: isps.count)
        defer { s.reset() }
        // Room for every day of a usual range (the API allows up to 1096), so appends never regrow.
        out.timestamps.reserveCapacity(out.timestamps.count + Int(min(endDay - firstDay, 1100)))
        out.values.reserveCapacity(out.values.count + Int(min(endDay - firstDay, 1100)))
        s.bind(metric.rawValue, at: 1)
        s.bind(identity, at: 2)
        s.bind(configurationSet, at: 3)
        s.bind(RollupBlock.block(ofDay: firstDay), at: 4)
        s.bind(RollupBlock.block(ofDay: endDay - 1), at: 5)
        s.bind(tenant, at: 6)
        for (i, isp) in isps.enumerated() { s.bind(isp, at: Int32(7 + i)) }
        // One block's sums (rows of several ISPs share a block); a local buffer, so no
        // exclusivity checks per access as a stored property would have.
        try withUnsafeTemporaryAllocation(of: Int64.self, capacity: RollupBlock.days) { sums in
            sums.initialize(repeating: 0)
            var current: Int64?
            while try s.step() {
                let block = s.int64(at: 0)
                if let c = current, c != block { Self.emit(sums, block: c, firstDay: firstDay, endDay: endDay, into: &out) }
                current = block
                s.withBlob(at: 1) { RollupBlock.accumulate($0, into: sums) }
            }
            if let c = current { Self.emit(sums, block: c, firstDay: firstDay, endDay: endDay, into: &out) }
        }
    }

    /// Appends the nonzero sums of `block` within [firstDay, endDay) and clears them.
    @inline(__always) private static func emit(_ sums: UnsafeMutableBufferPointer<Int64>, block: Int64,
                                               firstDay: Int64, endDay: Int64, into out: inout DailySeries) {
        let start = RollupBlock.firstDay(ofBlock: block)
        for slot in 0..<RollupBlock.days where sums[slot] != 0 {
            let day = start + Int64(slot)
            if day >= firstDay && day < endDay {
                out.timestamps.append(day * UTCCalendar.secondsPerDay)
                out.values.append(sums[slot])
            }
            sums[slot] = 0
        }
    }

    /// Rows of one key by block; with several ISPs, sorted by block so that equal blocks meet.
    private func statement(ispCount: Int) throws -> Statement {
        try db.cachedStatement(ispCount == 1 ? Self.oneISPSQL : Self.sql(ispCount: ispCount))
    }

    /// Built once: every query but DELIVERY_COMPLAINT's looks its statement up by this text.
    private static let oneISPSQL = sql(ispCount: 1)

    private static func sql(ispCount: Int) -> String {
        let isp = ispCount == 1 ? "isp = ?7" : "isp IN (\((0..<ispCount).map { "?\(7 + $0)" }.joined(separator: ", ")))"
        return """
            SELECT block, counts FROM rollups
            WHERE metric = ?1 AND email_identity = ?2 AND configuration_set = ?3 AND \(isp) AND tenant = ?6
              AND block >= ?4 AND block <= ?5
            ORDER BY block
            """
    }

    func scalar(_ sql: String) throws -> Int64 {
        let s = try db.cachedStatement(sql)
        defer { s.reset() }
        return try s.step() ? s.int64(at: 0) : 0
    }
}
