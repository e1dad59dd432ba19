import Support
import Testing
@testable import MetricsStore

@Suite struct TenantTests {
    private func event(_ type: EventType, _ date: String, tenant: String?, isp: String = "Gmail") -> Event {
        Event(type: type, timestampMillis: at(date), emailIdentity: "example.com", isp: isp, tenantName: tenant)
    }

    private func total(_ store: MetricsStore, _ metric: Metric, _ filter: DimensionFilter) throws -> Int64 {
        try store.query(MetricQuery(metric: metric, dimensions: filter, startDate: day("2026-11-01"), endDate: day("2026-11-10")),
                        zeroFill: false).values.reduce(0, +)
    }

    @Test func aTenantFilter_countsOnlyThatTenantsEvents_andNoFilterCountsAll() throws {
        let store = try MetricsStore(path: nil, catalog: .builtIn)
        _ = try store.ingest([
            event(.SEND, "2026-11-01", tenant: "acme"), event(.SEND, "2026-11-02", tenant: "acme"),
            event(.SEND, "2026-11-02", tenant: "globex", isp: "Hotmail"), event(.SEND, "2026-11-03", tenant: nil),
            event(.DELIVERY, "2026-11-03", tenant: "globex", isp: "Hotmail"),
        ])
        #expect(try total(store, .SEND, DimensionFilter()) == 4)
        #expect(try total(store, .SEND, DimensionFilter(tenantName: "acme")) == 2)
        #expect(try total(store, .SEND, DimensionFilter(isp: "Hotmail", tenantName: "globex")) == 1)
        #expect(try total(store, .SEND, DimensionFilter(isp: "Gmail", tenantName: "globex")) == 0)
        #expect(try total(store, .DELIVERY_COMPLAINT, DimensionFilter(tenantName: "globex")) == 1, "Hotmail has a feedback loop")
        #expect(try total(store, .SEND, DimensionFilter(tenantName: "initech")) == 0)
        #expect(try store.summary().tenants == ["acme": 2, "globex": 2])
    }

    @Test func rebuiltRollups_keepTenants() throws {
        let store = try MetricsStore(path: nil, catalog: .builtIn)
        _ = try store.ingest([event(.SEND, "2026-11-01", tenant: "acme"), event(.SEND, "2026-11-01", tenant: nil)])
        try store.rebuildRollups()
        #expect(try total(store, .SEND, DimensionFilter(tenantName: "acme")) == 1)
        #expect(try total(store, .SEND, DimensionFilter()) == 2)
    }

    @Test func tenantNames_areCheckedOnIngest() throws {
        let store = try MetricsStore(path: nil, catalog: .builtIn)
        #expect(throws: MetricsStoreError.self) { try store.ingest([event(.SEND, "2026-11-01", tenant: "a b")]) }
        let decoded = try EventDecoder.decodeNDJSON(Array(#"{"type":"SEND","timestamp":"2026-11-01T10:00:00Z","emailIdentity":"e.com","isp":"Gmail","tenant":"t-1"}"#.utf8),
                                                   source: "test", catalog: .builtIn)
        #expect(decoded.first?.tenantName == "t-1")
        #expect(throws: (any Error).self) {
            try EventDecoder.decodeNDJSON(Array(#"{"type":"SEND","timestamp":"2026-11-01T10:00:00Z","emailIdentity":"e.com","isp":"Gmail","tenant":"t.1"}"#.utf8),
                                          source: "test", catalog: .builtIn)
        }
    }
}
