@testable import MetricsStore

/// Epoch seconds of a UTC midnight, "2026-11-01".
func day(_ s: String) -> Int64 { UTCCalendar.parseDate(s)! }

/// Epoch milliseconds of a time on a day: at("2026-11-01", hour: 10).
func at(_ date: String, hour: Int64 = 12, minute: Int64 = 0) -> Int64 {
    (day(date) + hour * 3600 + minute * 60) * 1000
}

func ev(_ type: EventType, _ date: String, hour: Int64 = 12, identity: String = "example.com",
        configurationSet: String? = nil, isp: String = "Gmail", messageId: String? = nil, eventId: String? = nil,
        recipientCount: Int64 = 1, simulator: Bool = false, suppressionList: Bool = false,
        openTracking: Bool = false, clickTracking: Bool = false) -> Event {
    Event(type: type, timestampMillis: at(date, hour: hour), emailIdentity: identity, configurationSet: configurationSet,
          isp: isp, messageId: messageId, eventId: eventId, recipientCount: recipientCount,
          mailboxSimulator: simulator, suppressionList: suppressionList,
          openTracking: openTracking, clickTracking: clickTracking)
}

extension MetricsStore {
    /// The series of `metric` over [from, to) with optional filters, days without data omitted.
    func series(_ metric: Metric, _ from: String, _ to: String, identity: String? = nil,
                configurationSet: String? = nil, isp: String? = nil, zeroFill: Bool = false) throws -> DailySeries {
        try query(MetricQuery(metric: metric, dimensions: DimensionFilter(emailIdentity: identity, configurationSet: configurationSet, isp: isp), startDate: day(from), endDate: day(to)), zeroFill: zeroFill)
    }

    /// The total of a metric over [from, to).
    func total(_ metric: Metric, _ from: String = "2026-01-01", _ to: String = "2027-01-01", identity: String? = nil,
               configurationSet: String? = nil, isp: String? = nil) throws -> Int64 {
        try series(metric, from, to, identity: identity, configurationSet: configurationSet, isp: isp).values.reduce(0, +)
    }
}

func series(_ pairs: [(String, Int64)]) -> DailySeries {
    DailySeries(timestamps: pairs.map { day($0.0) }, values: pairs.map(\.1))
}

/// A path in /tmp for a database file, removed (with its WAL files) by `cleanup`.
func temporaryDatabasePath(_ name: String = #function) -> String {
    let safe = name.filter { $0.isLetter || $0.isNumber }
    let path = "/tmp/metrics-store-test-\(safe)-\(UInt64.random(in: 0...UInt64.max)).sqlite"
    return path
}

#if canImport(Glibc)
import Support
import Glibc
#endif

func removeDatabase(_ path: String) {
    for s in ["", "-wal", "-shm", "-journal"] { unlink(path + s) }
}

func fileExists(_ path: String) -> Bool { access(path, F_OK) == 0 }
