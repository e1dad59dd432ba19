/// A read-only connection with its prepared statements, checked out of MetricsStore's pool by
/// one query at a time. In WAL mode it reads the last committed snapshot and never waits for
/// the writer.
final class ReaderConnection {
    let db: Database
    private let series: Statement

    init(path: String) throws {
        db = try Database(path: path, mode: .readOnly)
        series = try db.cachedStatement("""
            SELECT day, value FROM rollups
            WHERE metric = ?1 AND email_identity = ?2 AND configuration_set = ?3 AND isp = ?4
              AND day >= ?5 AND day < ?6
            ORDER BY day
            """)
    }

    /// Appends the stored rollup rows for one exact key, ascending by day.
    func readSeries(metric: Metric, identity: String, configurationSet: String, isp: String,
                    from: Int64, to: Int64, into out: inout DailySeries) throws {
        let s = series
        defer { s.reset() }
        s.bind(metric.rawValue, at: 1)
        s.bind(identity, at: 2)
        s.bind(configurationSet, at: 3)
        s.bind(isp, at: 4)
        s.bind(from, at: 5)
        s.bind(to, at: 6)
        while try s.step() {
            let v = s.int64(at: 1)
            if v == 0 { continue }
            out.timestamps.append(s.int64(at: 0))
            out.values.append(v)
        }
    }

    func scalar(_ sql: String) throws -> Int64 {
        let s = try db.cachedStatement(sql)
        defer { s.reset() }
        return try s.step() ? s.int64(at: 0) : 0
    }
}
