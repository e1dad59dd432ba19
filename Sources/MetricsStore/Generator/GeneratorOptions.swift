import Support

/// What `generate` makes: days of synthetic traffic for some identities and configuration sets.
public struct GeneratorOptions: Sendable, Equatable {
    public var seed: UInt64
    /// Epoch seconds of the first day's UTC midnight.
    public var startDate: Int64
    public var days: Int
    public var identities: [String]
    public var configurationSets: [String]
    /// Average SEND events a day (weekdays above, weekends below this).
    public var dailySends: Int
    public var eventIds: Bool
    /// Tenants messages are sent for (most messages get one at random); none by default.
    public var tenants: [String]

    public static let defaultIdentities = ["example.com", "marketing.example.com", "alerts@example.org"]
    public static let defaultConfigurationSets = ["transactional", "newsletters"]

    public init(seed: UInt64, startDate: Int64, days: Int, identities: [String] = defaultIdentities,
                configurationSets: [String] = defaultConfigurationSets, dailySends: Int = 1000, eventIds: Bool = true,
                tenants: [String] = []) {
        self.seed = seed
        self.startDate = startDate
        self.days = days
        self.identities = identities
        self.configurationSets = configurationSets
        self.dailySends = dailySends
        self.eventIds = eventIds
        self.tenants = tenants
    }

    /// A problem with the options, or nil.
    public var problem: String? {
        if startDate % UTCCalendar.secondsPerDay != 0 || startDate < 0 { return "start: must be a UTC date from 1970 on" }
        if days < 1 { return "days: must be at least 1" }
        if (startDate / UTCCalendar.secondsPerDay + Int64(days)) * UTCCalendar.millisPerDay > UTCCalendar.maxMillis + 1 {
            return "days: the range must end by 9999-12-31"
        }
        if identities.isEmpty { return "identities: give at least one" }
        for i in identities { if let r = Event.identifierProblem(i) { return "identities: \(r)" } }
        for c in configurationSets { if let r = Event.identifierProblem(c) { return "configuration-sets: \(r)" } }
        if Set(identities).count != identities.count { return "identities: duplicate value" }
        if Set(configurationSets).count != configurationSets.count { return "configuration-sets: duplicate value" }
        for t in tenants { if let r = Event.tenantProblem(t) { return "tenants: \(r)" } }
        if Set(tenants).count != tenants.count { return "tenants: duplicate value" }
        if dailySends < 0 { return "daily-sends: must not be negative" }
        if dailySends > 100_000_000 { return "daily-sends: at most 100000000" }
        return nil
    }

    /// A short tag derived from every option that shapes the output, so event and message ids of
    /// different runs never collide while the same run always yields the same ids (FNV-1a 64).
    var runTag: String {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        func mix(_ s: String) { for b in s.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01B3 }; h = (h ^ 0xFF) &* 0x100_0000_01B3 }
        mix(String(seed)); mix(String(startDate)); mix(String(days)); mix(String(dailySends))
        for i in identities { mix(i) }
        mix("|")
        for c in configurationSets { mix(c) }
        // Mixed only when given, so runs without tenants keep the ids they always had.
        if !tenants.isEmpty { mix("|"); for t in tenants { mix(t) } }
        let hex = String(h >> 32, radix: 16)
        return String(repeating: "0", count: 8 - hex.count) + hex
    }
}
