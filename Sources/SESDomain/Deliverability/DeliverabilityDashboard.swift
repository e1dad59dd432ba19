import AWSModel
import JSON
import MetricsStore
import SESWire
import SigV4
import Support

/// The Deliverability dashboard: its subscription (PutDeliverabilityDashboardOption), and the
/// reports it gives once enabled, computed from the stored events and sent messages: a domain's
/// daily inbox and spam volumes, its campaigns, placement test reports and blocklist listings
/// (set through the control API). Inbox and spam come from the events: a delivery is inbox
/// placement, a complaint spam placement (the recipient marked it so).
package struct DeliverabilityDashboard: Sendable {
    let documents: ResourceCollection
    package let reports: ResourceCollection
    let store: MetricsStore
    static let optionsKey = "account"
    static let blocklistKey = "blocklist"

    package init(store: MetricsStore) {
        self.store = store
        documents = ResourceCollection(store: store, kind: .deliverabilityDashboard)
        reports = ResourceCollection(store: store, kind: .deliverabilityTestReport)
    }

    // MARK: - The subscription

    /// The stored option document, `{DashboardEnabled, SubscribedDomains}`.
    package func options() throws(AWSError) -> JSONObject {
        try documents.find(Self.optionsKey)?.document ?? JSONObject(members: [("DashboardEnabled", .bool(false))])
    }

    package var isEnabled: Bool {
        get throws(AWSError) {
            if case .bool(true)? = try options()["DashboardEnabled"] { return true }
            return false
        }
    }

    package func setOptions(enabled: Bool, domains: [(domain: String, option: JSONFragment?)], atMillis now: Int64) throws(AWSError) {
        let subscribed = domains.map { d -> JSONFragment in
            var members: [(String, JSONFragment)] = [("Domain", .string(d.domain)), ("SubscriptionStartDate", .double(Double(now) / 1000))]
            if let option = d.option { members.append(("InboxPlacementTrackingOption", option)) }
            return .object(members)
        }
        try put(Self.optionsKey, [("DashboardEnabled", .bool(enabled)), ("SubscribedDomains", .array(enabled ? subscribed : []))], atMillis: now)
    }

    private func put(_ key: String, _ members: [(String, JSONFragment)], atMillis now: Int64) throws(AWSError) {
        let document = String(decoding: JSONFragment.object(members).bytes, as: UTF8.self)
        try AWSError.fromStore { try store.putResource(ResourcePut(kind: documents.kind.rawValue, StoredResource(key: key, createdMillis: now, document: document))) }
    }

    /// The subscribed domains, as given.
    package func subscribedDomains() throws(AWSError) -> [String] {
        guard case .array(let items)? = try options()["SubscribedDomains"] else { return [] }
        return items.compactMap { if case .object(let o) = $0, case .string(let d)? = o["Domain"] { return d }; return nil }
    }

    package func requireSubscribed(_ domain: String) throws(AWSError) {
        guard try subscribedDomains().contains(where: { $0.lowercased() == domain.lowercased() }) else {
            throw .notFound("Domain \(domain) is not subscribed to the Deliverability dashboard.")
        }
    }

    /// The reports need the dashboard, as at AWS (where it is a paid subscription).
    package func requireEnabled() throws(AWSError) {
        guard try isEnabled else {
            throw .badRequest("The Deliverability dashboard is not enabled for this account; enable it with PutDeliverabilityDashboardOption.")
        }
    }

    // MARK: - Blocklist listings

    /// The listings by IP or domain, `{name: [{RblName, ListingTime, Description}]}`.
    package func listings() throws(AWSError) -> JSONObject { try documents.find(Self.blocklistKey)?.document ?? JSONObject(members: []) }

    package func setListings(_ listings: [(String, JSONFragment)], atMillis now: Int64) throws(AWSError) {
        try put(Self.blocklistKey, listings, atMillis: now)
    }

    // MARK: - Volumes from the events

    static let volumeMetrics: [Metric] = [.DELIVERY, .COMPLAINT, .OPEN]

    /// GetDomainStatisticsReport: the days of [start, end) (UTC midnights), for the identities
    /// at `domain` (the domain and its addresses).
    package func statistics(domain: String, startDay: Int64, endDay: Int64) throws(AWSError) -> JSONFragment {
        let domain = domain.lowercased()
        let summary = try AWSError.fromStore { try store.summary() }
        let identities = summary.identities.keys.filter { EmailIdentityAttributes.domain(of: $0) == domain }.sorted()
        let day = UTCCalendar.secondsPerDay
        func sums(_ start: Int64, _ end: Int64) throws(AWSError) -> [String: [Int64]] {
            guard !identities.isEmpty else { return [:] }
            let q = GroupedQuery(groupings: [.init(.emailIdentity, .listed(identities)), .init(.isp, .every)],
                                 metrics: Self.volumeMetrics, startDate: start, endDate: end)
            var byIsp: [String: [Int64]] = [:]
            for row in try AWSError.fromStore({ try store.groupedSums(q) }).rows {
                byIsp[row.values[1], default: [0, 0, 0]] = zip(byIsp[row.values[1], default: [0, 0, 0]], row.sums).map { $0 + $1 }
            }
            return byIsp
        }
        func volume(_ byIsp: [String: [Int64]]) -> (statistics: JSONFragment, placements: JSONFragment, opens: Int64, inbox: Int64) {
            var inbox: Int64 = 0, spam: Int64 = 0, opens: Int64 = 0
            var placements: [JSONFragment] = []
            for (isp, s) in byIsp.sorted(by: { $0.key < $1.key }) where s[0] > 0 {
                let ispSpam = min(s[1], s[0]), ispInbox = s[0] - ispSpam
                inbox += ispInbox; spam += ispSpam; opens += s[2]
                placements.append(.object([("IspName", .string(isp)), ("InboxRawCount", .int(ispInbox)), ("SpamRawCount", .int(ispSpam)),
                                           ("InboxPercentage", .double(Self.percent(ispInbox, s[0]))),
                                           ("SpamPercentage", .double(Self.percent(ispSpam, s[0])))]))
            }
            let statistics = JSONFragment.object([("InboxRawCount", .int(inbox)), ("SpamRawCount", .int(spam)),
                                                  ("ProjectedInbox", .int(inbox)), ("ProjectedSpam", .int(spam))])
            return (statistics, .array(placements), opens, inbox + spam)
        }
        let overall = volume(try sums(startDay, endDay))
        var daily: [JSONFragment] = []
        var d = startDay
        while d < endDay {
            let v = volume(try sums(d, d + day))
            daily.append(.object([("StartDate", .double(Double(d))), ("VolumeStatistics", v.statistics), ("DomainIspPlacements", v.placements)]))
            d += day
        }
        return .object([
            ("OverallVolume", .object([("VolumeStatistics", overall.statistics),
                                       ("ReadRatePercent", .double(Self.percent(overall.opens, overall.inbox))),
                                       ("DomainIspPlacements", overall.placements)])),
            ("DailyVolumes", .array(daily)),
        ])
    }

    static func percent(_ part: Int64, _ whole: Int64) -> Double {
        whole == 0 ? 0 : (Double(part) * 10_000 / Double(whole)).rounded() / 100
    }

    // MARK: - Campaigns from the sent messages

    /// The campaigns of mail sent here from `domain` in [start, end): one per subject and sender,
    /// with its volumes from the messages' events. A CampaignId names its domain, sender and subject.
    package func campaigns(domain: String, startMillis: Int64, endMillis: Int64) throws(AWSError) -> [JSONFragment] {
        let domain = domain.lowercased()
        var groups: [String: (from: String, subject: String, ids: [String], first: Int64, last: Int64)] = [:]
        for message in try AWSError.fromStore({ try store.messages() })
        where message.timestampMillis >= startMillis && message.timestampMillis < endMillis
            && EmailIdentityAttributes.domain(of: message.source) == domain {
            var subject = ""
            if case .object(let o)? = try? JSONParser.parse(Array(message.document.utf8)), case .string(let s)? = o["Subject"] { subject = s }
            let id = Self.campaignId(domain: domain, from: message.source, subject: subject)
            var group = groups[id] ?? (message.source, subject, [], message.timestampMillis, message.timestampMillis)
            group.ids.append(message.messageId)
            group.first = min(group.first, message.timestampMillis)
            group.last = max(group.last, message.timestampMillis)
            groups[id] = group
        }
        return try groups.sorted { $0.key < $1.key }.map { id, g throws(AWSError) in
            var deliveries: Int64 = 0, complaints: Int64 = 0, opens: Int64 = 0
            for messageId in g.ids {
                for e in try AWSError.fromStore({ try store.events(EventFilter(messageId: messageId), after: nil, limit: 100) }).events {
                    switch e.type {
                    case .DELIVERY: deliveries += 1
                    case .COMPLAINT: complaints += 1
                    case .OPEN: opens += 1
                    default: break
                    }
                }
            }
            let spam = min(complaints, deliveries)
            return .object([
                ("CampaignId", .string(id)), ("Subject", .string(g.subject)), ("FromAddress", .string(g.from)),
                ("SendingIps", .array([])), ("FirstSeenDateTime", .double(Double(g.first) / 1000)),
                ("LastSeenDateTime", .double(Double(g.last) / 1000)), ("InboxCount", .int(deliveries - spam)),
                ("SpamCount", .int(spam)), ("ReadRate", .double(Self.percent(opens, deliveries))), ("DeleteRate", .double(0)),
                ("ReadDeleteRate", .double(0)), ("ProjectedVolume", .int(Int64(g.ids.count))), ("Esps", .array([.string("Amazon SES")])),
            ])
        }
    }

    static func campaignId(domain: String, from: String, subject: String) -> String {
        "c" + String(Hex.encode(SHA256.hash(domain + "\n" + from.lowercased() + "\n" + subject)).prefix(24))
    }
}
