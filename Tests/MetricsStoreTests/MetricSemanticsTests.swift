import Testing
@testable import MetricsStore

@Suite struct MetricSemanticsTests {
    let d = "2026-11-01"

    @Test func send_countsSendEvents() throws {
        let store = try MetricsStore(path: nil, catalog: .builtIn)
        _ = try store.ingest([ev(.SEND, d), ev(.SEND, d), ev(.DELIVERY, d)])
        #expect(try store.total(.SEND) == 2)
    }

    @Test func delivery_countsDeliveryEvents() throws {
        let store = try MetricsStore(path: nil, catalog: .builtIn)
        _ = try store.ingest([ev(.DELIVERY, d), ev(.SEND, d), ev(.DELIVERY, d, isp: "Hotmail")])
        #expect(try store.total(.DELIVERY) == 2)
    }

    @Test func deliveryOpen_countsDeliveriesWithOpenTracking() throws {
        let store = try MetricsStore(path: nil, catalog: .builtIn)
        _ = try store.ingest([ev(.DELIVERY, d, openTracking: true), ev(.DELIVERY, d), ev(.DELIVERY, d, clickTracking: true),
                              ev(.SEND, d, openTracking: true)])
        #expect(try store.total(.DELIVERY_OPEN) == 1)
    }

    @Test func deliveryClick_countsDeliveriesWithClickTracking() throws {
        let store = try MetricsStore(path: nil, catalog: .builtIn)
        _ = try store.ingest([ev(.DELIVERY, d, clickTracking: true), ev(.DELIVERY, d, openTracking: true, clickTracking: true),
                              ev(.DELIVERY, d), ev(.SEND, d, clickTracking: true)])
        #expect(try store.total(.DELIVERY_CLICK) == 2)
    }

    @Test func trackingFlags_matterOnlyForDeliveries() throws {
        let store = try MetricsStore(path: nil, catalog: .builtIn)
        // An OPEN/CLICK implies a tracker, flags or not.
        _ = try store.ingest([ev(.OPEN, d, messageId: "m1"), ev(.CLICK, d, messageId: "m1"),
                              ev(.OPEN, d, messageId: "m2", openTracking: false)])
        #expect(try store.total(.OPEN) == 2)
        #expect(try store.total(.CLICK) == 1)
        #expect(try store.total(.DELIVERY_OPEN) == 0)
    }

    @Test func deliveryComplaint_countsDeliveriesToFeedbackLoopISPs() throws {
        let store = try MetricsStore(path: nil, catalog: .builtIn)
        _ = try store.ingest([ev(.DELIVERY, d, isp: "Hotmail"), ev(.DELIVERY, d, isp: "Yahoo"), ev(.DELIVERY, d, isp: "Aol"),
                              ev(.DELIVERY, d, isp: "Comcast"), ev(.DELIVERY, d, isp: "Gmx"), ev(.DELIVERY, d, isp: "Gmail"),
                              ev(.DELIVERY, d, isp: "ExchangeOnline"), ev(.DELIVERY, d, isp: "Icloud"),
                              ev(.DELIVERY, d, isp: "Tencent"), ev(.DELIVERY, d, isp: "NetEase"),
                              ev(.COMPLAINT, d, isp: "Hotmail")])
        #expect(try store.total(.DELIVERY_COMPLAINT) == 5)
        #expect(try store.total(.DELIVERY_COMPLAINT, isp: "Hotmail") == 1)
        #expect(try store.total(.DELIVERY_COMPLAINT, isp: "Gmail") == 0)
        #expect(try store.series(.DELIVERY_COMPLAINT, d, "2026-11-02", isp: "Gmail").isEmpty)
    }

    @Test func deliveryComplaint_usesTheCatalogInUseAtQueryTime() throws {
        let path = temporaryDatabasePath()
        defer { removeDatabase(path) }
        do {
            let store = try MetricsStore(path: path, catalog: .builtIn)
            _ = try store.ingest([ev(.DELIVERY, d, isp: "Gmail"), ev(.DELIVERY, d, isp: "Gmail"), ev(.DELIVERY, d, isp: "Hotmail")])
            #expect(try store.total(.DELIVERY_COMPLAINT) == 1)
            store.close()
        }
        let other = try ISPCatalog(entries: [.init(name: "Gmail", feedbackLoop: true), .init(name: "Hotmail", feedbackLoop: false)])
        let store = try MetricsStore(path: path, catalog: other)
        #expect(try store.total(.DELIVERY_COMPLAINT) == 2)
        #expect(try store.total(.DELIVERY_COMPLAINT, isp: "Gmail") == 2)
        #expect(try store.total(.DELIVERY_COMPLAINT, isp: "Hotmail") == 0)
    }

    @Test func permanentBounce_excludesSuppressionList() throws {
        let store = try MetricsStore(path: nil, catalog: .builtIn)
        _ = try store.ingest([ev(.PERMANENT_BOUNCE, d), ev(.PERMANENT_BOUNCE, d, suppressionList: true), ev(.PERMANENT_BOUNCE, d)])
        #expect(try store.total(.PERMANENT_BOUNCE) == 2)
    }

    @Test func transientBounce_includesSuppressionList() throws {
        let store = try MetricsStore(path: nil, catalog: .builtIn)
        _ = try store.ingest([ev(.TRANSIENT_BOUNCE, d), ev(.TRANSIENT_BOUNCE, d, suppressionList: true)])
        #expect(try store.total(.TRANSIENT_BOUNCE) == 2)
    }

    @Test func complaint_excludesSuppressionList() throws {
        let store = try MetricsStore(path: nil, catalog: .builtIn)
        _ = try store.ingest([ev(.COMPLAINT, d, isp: "Yahoo"), ev(.COMPLAINT, d, isp: "Yahoo", suppressionList: true)])
        #expect(try store.total(.COMPLAINT) == 1)
    }

    @Test(arguments: [EventType.SEND, .DELIVERY, .PERMANENT_BOUNCE, .TRANSIENT_BOUNCE, .COMPLAINT, .OPEN, .CLICK])
    func mailboxSimulator_isExcludedFromEveryMetric(type: EventType) throws {
        let store = try MetricsStore(path: nil, catalog: .builtIn)
        _ = try store.ingest([ev(type, d, isp: "Hotmail", simulator: true, openTracking: true, clickTracking: true)])
        for m in Metric.allCases { #expect(try store.total(m) == 0, "\(m)") }
        #expect(try store.eventCount() == 1)   // stored all the same: raw events are the truth
    }

    @Test(arguments: [EventType.SEND, .DELIVERY, .PERMANENT_BOUNCE, .TRANSIENT_BOUNCE, .COMPLAINT, .OPEN, .CLICK])
    func multipleRecipients_areExcludedFromEveryMetric(type: EventType) throws {
        let store = try MetricsStore(path: nil, catalog: .builtIn)
        _ = try store.ingest([ev(type, d, isp: "Hotmail", recipientCount: 2, openTracking: true, clickTracking: true)])
        for m in Metric.allCases { #expect(try store.total(m) == 0, "\(m)") }
    }

    @Test func singleRecipientNonSimulatorDelivery_feedsEveryDeliveryMetric() throws {
        let store = try MetricsStore(path: nil, catalog: .builtIn)
        _ = try store.ingest([ev(.DELIVERY, d, isp: "Hotmail", recipientCount: 1, openTracking: true, clickTracking: true)])
        #expect(try store.total(.DELIVERY) == 1)
        #expect(try store.total(.DELIVERY_OPEN) == 1)
        #expect(try store.total(.DELIVERY_CLICK) == 1)
        #expect(try store.total(.DELIVERY_COMPLAINT) == 1)
        #expect(try store.total(.SEND) == 0)
    }

    @Test func valuesAreDailySums_inUTCDays() throws {
        let store = try MetricsStore(path: nil, catalog: .builtIn)
        var e1 = ev(.SEND, "2026-11-01"); e1.timestampMillis = at("2026-11-01", hour: 23, minute: 59) + 59_999
        var e2 = ev(.SEND, "2026-11-02"); e2.timestampMillis = at("2026-11-02", hour: 0)
        _ = try store.ingest([e1, e2, ev(.SEND, "2026-11-02", hour: 5), ev(.SEND, "2026-11-04")])
        #expect(try store.series(.SEND, "2026-11-01", "2026-11-05") == series([("2026-11-01", 1), ("2026-11-02", 2), ("2026-11-04", 1)]))
    }
}
