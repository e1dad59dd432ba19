import Support
import Testing
@testable import MetricsStore

/// `MetricsStore.groupedSums`, the export jobs' read: combinations, zeros, the range, and the
/// same metric semantics as the daily series.
@Suite struct GroupedSumsTests {
    private func tenantEvent(_ type: EventType, _ date: String, tenant: String?, isp: String, identity: String = "a.com") -> Event {
        Event(type: type, timestampMillis: at(date), emailIdentity: identity, isp: isp, tenantName: tenant)
    }

    private func store() throws -> MetricsStore {
        let store = try MetricsStore(path: nil, catalog: .builtIn)
        _ = try store.ingest([
            tenantEvent(.SEND, "2026-11-01", tenant: "acme", isp: "Gmail"),
            tenantEvent(.DELIVERY, "2026-11-01", tenant: "acme", isp: "Hotmail"),
            tenantEvent(.DELIVERY, "2026-11-02", tenant: "acme", isp: "Gmail"),
            tenantEvent(.DELIVERY, "2026-11-02", tenant: "globex", isp: "Yahoo", identity: "b.com"),
            tenantEvent(.SEND, "2026-11-02", tenant: nil, isp: "Yahoo", identity: "b.com"),
            tenantEvent(.SEND, "2026-11-09", tenant: "initech", isp: "Gmail"),   // outside the range
            Event(type: .SEND, timestampMillis: at("2026-11-01"), emailIdentity: "a.com", isp: "Gmail", mailboxSimulator: true),
        ])
        return store
    }

    private func query(_ groupings: [GroupedQuery.Grouping], _ metrics: [Metric]) -> GroupedQuery {
        GroupedQuery(groupings: groupings, metrics: metrics, startDate: day("2026-11-01"), endDate: day("2026-11-08"))
    }

    @Test func aTenantWildcard_groupsByTheTenantsWithEvents_andDeliveryComplaintSumsTheFeedbackLoopISPs() throws {
        let sums = try store().groupedSums(query([.init(.tenantName, .every)], [.SEND, .DELIVERY, .DELIVERY_COMPLAINT]))
        #expect(sums.rows == [GroupedSums.Row(values: ["acme"], sums: [1, 2, 1]),
                              GroupedSums.Row(values: ["globex"], sums: [0, 1, 1])])
        #expect(sums.countedEvents == 4, "events without a tenant, outside the range or excluded are not processed")
    }

    @Test func listedValues_andEveryCatalogISP_haveRowsEvenAtZero() throws {
        let sums = try store().groupedSums(query([.init(.emailIdentity, .listed(["b.com", "nobody.com"])), .init(.isp, .every)],
                                                 [.SEND, .DELIVERY_COMPLAINT]))
        #expect(sums.rows.count == 2 * ISPCatalog.builtIn.names.count)
        #expect(sums.rows.first == GroupedSums.Row(values: ["b.com", "Aol"], sums: [0, 0]))
        #expect(sums.rows.first { $0.values == ["b.com", "Yahoo"] }?.sums == [1, 1])
        #expect(sums.rows.filter { $0.values[0] == "nobody.com" }.allSatisfy { $0.sums == [0, 0] })
        #expect(sums.countedEvents == 2)
    }

    @Test func theSums_equalTheDailySeriesTotals() throws {
        let store = try store()
        let sums = try store.groupedSums(query([.init(.isp, .listed(["Gmail", "Hotmail", "Yahoo"]))], Metric.allCases))
        for row in sums.rows {
            for (metric, sum) in zip(Metric.allCases, row.sums) {
                #expect(try store.total(metric, "2026-11-01", "2026-11-08", isp: row.values[0]) == sum, "\(row.values) \(metric)")
            }
        }
    }

    @Test func anEmptyRange_hasNoRows() throws {
        let empty = GroupedQuery(groupings: [.init(.isp, .every)], metrics: [.SEND], startDate: day("2026-11-02"), endDate: day("2026-11-02"))
        #expect(try store().groupedSums(empty) == GroupedSums(rows: [], countedEvents: 0))
    }
}
