import Support

/// What a store holds: read from the rollups and the kept event count, so it costs the same at
/// 10 million events as at ten.
///
/// The rollups see only events that some metric counts. The per-value counts and the days are
/// therefore those of counted events; events no metric counts (mailbox simulator, several
/// recipients, suppression-list bounces and complaints, a message's later OPENs and CLICKs) are
/// in `eventCount` only.
public struct DataSummary: Sendable, Equatable {
    /// Every stored event (the number health reports).
    public var eventCount: Int
    /// Events counted in at least one metric: each per-value table below adds up to this
    /// (`configurationSets` to this minus the events without a configuration set).
    public var countedEventCount: Int
    /// UTC midnights (epoch seconds) of the first and last day with counted events; nil when none.
    public var firstDay: Int64?
    public var lastDay: Int64?
    /// Counted events per sending identity, configuration set, ISP and tenant (events without a
    /// tenant are in no tenant's count).
    public var identities: [String: Int]
    public var configurationSets: [String: Int]
    public var isps: [String: Int]
    public var tenants: [String: Int]

    public init(eventCount: Int, countedEventCount: Int, firstDay: Int64?, lastDay: Int64?,
                identities: [String: Int], configurationSets: [String: Int], isps: [String: Int],
                tenants: [String: Int] = [:]) {
        self.eventCount = eventCount
        self.countedEventCount = countedEventCount
        self.firstDay = firstDay
        self.lastDay = lastDay
        self.identities = identities
        self.configurationSets = configurationSets
        self.isps = isps
        self.tenants = tenants
    }

    /// The rows that hold one dimension's values with the others at "all", and the totals row
    /// (all four at "all"), of the metrics above.
    private static let sql = """
        SELECT email_identity, configuration_set, isp, block, counts, tenant FROM rollups
        WHERE metric IN (\(Metric.oncePerEvent.map { "'\($0.rawValue)'" }.joined(separator: ", ")))
          AND (email_identity = '\(Schema.all)') + (configuration_set = '\(Schema.all)') + (isp = '\(Schema.all)')
              + (tenant = '\(Schema.all)') >= 3
        """

    /// Reads `db`'s rollups; the caller holds one read transaction around this and the count.
    init(reading db: Database, eventCount: Int) throws {
        var identities: [String: Int] = [:], configurationSets: [String: Int] = [:], isps: [String: Int] = [:]
        var tenants: [String: Int] = [:]
        var counted = 0
        var firstDay: Int64?, lastDay: Int64?
        let s = try db.makeStatement(Self.sql)
        try withUnsafeTemporaryAllocation(of: Int64.self, capacity: RollupBlock.days) { sums in
            while try s.step() {
                sums.initialize(repeating: 0)
                s.withBlob(at: 4) { RollupBlock.accumulate($0, into: sums) }
                let total = Int(sums.reduce(0, +))
                let identity = s.string(at: 0) ?? Schema.all
                let configurationSet = s.string(at: 1) ?? Schema.all
                let isp = s.string(at: 2) ?? Schema.all
                let tenant = s.string(at: 5) ?? Schema.all
                if tenant != Schema.all {
                    tenants[tenant, default: 0] += total
                } else if identity != Schema.all {
                    identities[identity, default: 0] += total
                } else if configurationSet != Schema.all {
                    if configurationSet != Schema.noConfigurationSet { configurationSets[configurationSet, default: 0] += total }
                } else if isp != Schema.all {
                    isps[isp, default: 0] += total
                } else {
                    counted += total
                    let start = RollupBlock.firstDay(ofBlock: s.int64(at: 3))
                    if let first = sums.firstIndex(where: { $0 != 0 }), let last = sums.lastIndex(where: { $0 != 0 }) {
                        firstDay = min(firstDay ?? .max, start + Int64(first))
                        lastDay = max(lastDay ?? .min, start + Int64(last))
                    }
                }
            }
        }
        self.init(eventCount: eventCount, countedEventCount: counted,
                  firstDay: firstDay.map { $0 * UTCCalendar.secondsPerDay },
                  lastDay: lastDay.map { $0 * UTCCalendar.secondsPerDay },
                  identities: identities, configurationSets: configurationSets, isps: isps, tenants: tenants)
    }
}
