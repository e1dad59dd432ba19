import Testing
@testable import MetricsStore

@Suite struct FilterAndRangeTests {
    func populated() throws -> MetricsStore {
        let store = try MetricsStore(path: nil, catalog: .builtIn)
        _ = try store.ingest([
            ev(.SEND, "2026-11-01", identity: "a.com", configurationSet: "x", isp: "Gmail"),
            ev(.SEND, "2026-11-01", identity: "a.com", configurationSet: "y", isp: "Hotmail"),
            ev(.SEND, "2026-11-01", identity: "b.com", configurationSet: "x", isp: "Gmail"),
            ev(.SEND, "2026-11-02", identity: "b.com", configurationSet: nil, isp: "Yahoo"),
            ev(.SEND, "2026-11-03", identity: "a.com", configurationSet: nil, isp: "Gmail"),
        ])
        return store
    }

    @Test func noFilter_sumsEverything() throws {
        #expect(try populated().series(.SEND, "2026-11-01", "2026-11-04") == series([("2026-11-01", 3), ("2026-11-02", 1), ("2026-11-03", 1)]))
    }

    @Test func star_meansAll() throws {
        let s = try populated()
        #expect(try s.series(.SEND, "2026-11-01", "2026-11-04", identity: "*", configurationSet: "*", isp: "*")
                == s.series(.SEND, "2026-11-01", "2026-11-04"))
    }

    @Test func starMeansAll_evenForDeliveryComplaint() throws {
        let store = try MetricsStore(path: nil, catalog: .builtIn)
        _ = try store.ingest([ev(.DELIVERY, "2026-11-01", isp: "Hotmail"), ev(.DELIVERY, "2026-11-01", isp: "Gmail")])
        var q = MetricQuery(metric: .DELIVERY_COMPLAINT, startDate: day("2026-11-01"), endDate: day("2026-11-02"))
        q.dimensions = DimensionFilter(emailIdentity: "*", configurationSet: "*", isp: "*")
        #expect(q.dimensions == DimensionFilter())
        #expect(try store.query(q, zeroFill: false) == series([("2026-11-01", 1)]))
        q.metric = .DELIVERY
        #expect(try store.query(q, zeroFill: false) == series([("2026-11-01", 2)]))
    }

    @Test func identityFilter() throws {
        #expect(try populated().series(.SEND, "2026-11-01", "2026-11-04", identity: "a.com") == series([("2026-11-01", 2), ("2026-11-03", 1)]))
    }

    @Test func configurationSetFilter_excludesEventsWithoutOne() throws {
        let s = try populated()
        #expect(try s.series(.SEND, "2026-11-01", "2026-11-04", configurationSet: "x") == series([("2026-11-01", 2)]))
        #expect(try s.total(.SEND, configurationSet: "nope") == 0)
    }

    @Test func ispFilter() throws {
        #expect(try populated().series(.SEND, "2026-11-01", "2026-11-04", isp: "Gmail") == series([("2026-11-01", 2), ("2026-11-03", 1)]))
    }

    @Test func pairAndTripleFilters() throws {
        let s = try populated()
        #expect(try s.total(.SEND, identity: "a.com", configurationSet: "x") == 1)
        #expect(try s.total(.SEND, identity: "a.com", isp: "Gmail") == 2)
        #expect(try s.total(.SEND, configurationSet: "x", isp: "Gmail") == 2)
        #expect(try s.total(.SEND, identity: "b.com", configurationSet: "x", isp: "Gmail") == 1)
        #expect(try s.total(.SEND, identity: "b.com", configurationSet: "x", isp: "Hotmail") == 0)
    }

    @Test func rangeIsHalfOpen_firstDayIncluded_endDayExcluded() throws {
        let s = try populated()
        #expect(try s.series(.SEND, "2026-11-01", "2026-11-02") == series([("2026-11-01", 3)]))
        #expect(try s.series(.SEND, "2026-11-02", "2026-11-03") == series([("2026-11-02", 1)]))
        #expect(try s.series(.SEND, "2026-11-03", "2026-11-04") == series([("2026-11-03", 1)]))
    }

    @Test func emptyAndInvertedRanges_giveNothing() throws {
        let s = try populated()
        #expect(try s.series(.SEND, "2026-11-02", "2026-11-02").isEmpty)
        #expect(try s.series(.SEND, "2026-11-03", "2026-11-01").isEmpty)
        #expect(try s.series(.SEND, "2026-11-02", "2026-11-02", zeroFill: true).isEmpty)
        #expect(try s.series(.SEND, "2025-01-01", "2025-02-01").isEmpty)
    }

    @Test func daysWithoutData_areOmitted_orZeroFilled() throws {
        let store = try MetricsStore(path: nil, catalog: .builtIn)
        _ = try store.ingest([ev(.SEND, "2026-11-02"), ev(.SEND, "2026-11-04")])
        #expect(try store.series(.SEND, "2026-11-01", "2026-11-06") == series([("2026-11-02", 1), ("2026-11-04", 1)]))
        #expect(try store.series(.SEND, "2026-11-01", "2026-11-06", zeroFill: true)
                == series([("2026-11-01", 0), ("2026-11-02", 1), ("2026-11-03", 0), ("2026-11-04", 1), ("2026-11-05", 0)]))
        #expect(try store.series(.OPEN, "2026-11-01", "2026-11-03", zeroFill: true) == series([("2026-11-01", 0), ("2026-11-02", 0)]))
    }

    @Test func deliveryComplaintWithoutIspFilter_mergesISPsPerDay_withFilters() throws {
        let store = try MetricsStore(path: nil, catalog: .builtIn)
        _ = try store.ingest([ev(.DELIVERY, "2026-11-01", identity: "a.com", isp: "Hotmail"),
                              ev(.DELIVERY, "2026-11-01", identity: "a.com", isp: "Yahoo"),
                              ev(.DELIVERY, "2026-11-03", identity: "a.com", isp: "Gmx"),
                              ev(.DELIVERY, "2026-11-02", identity: "b.com", isp: "Aol"),
                              ev(.DELIVERY, "2026-11-02", identity: "a.com", isp: "Gmail")])
        #expect(try store.series(.DELIVERY_COMPLAINT, "2026-11-01", "2026-11-05", identity: "a.com")
                == series([("2026-11-01", 2), ("2026-11-03", 1)]))
        #expect(try store.series(.DELIVERY_COMPLAINT, "2026-11-01", "2026-11-05", zeroFill: true)
                == series([("2026-11-01", 2), ("2026-11-02", 1), ("2026-11-03", 1), ("2026-11-04", 0)]))
    }

    @Test func deliveryComplaint_overSparseCenturies() throws {
        let store = try MetricsStore(path: nil, catalog: .builtIn)
        _ = try store.ingest([ev(.DELIVERY, "1970-01-01", isp: "Hotmail"), ev(.DELIVERY, "9999-12-31", isp: "Yahoo"),
                              ev(.DELIVERY, "9999-12-31", isp: "Aol"), ev(.DELIVERY, "2026-11-01", isp: "Gmail")])
        #expect(try store.series(.DELIVERY_COMPLAINT, "1970-01-01", "9999-12-31") == series([("1970-01-01", 1)]))
        let all = try store.query(MetricQuery(metric: .DELIVERY_COMPLAINT, startDate: 0, endDate: day("9999-12-31") + 86_400), zeroFill: false)
        #expect(all == series([("1970-01-01", 1), ("9999-12-31", 2)]))
    }

    @Test func batchQuery_answersEachQueryFromOneSnapshot() throws {
        let s = try populated()
        let qs = [MetricQuery(metric: .SEND, startDate: day("2026-11-01"), endDate: day("2026-11-04")),
                  MetricQuery(metric: .SEND, dimensions: DimensionFilter(isp: "Yahoo"), startDate: day("2026-11-01"), endDate: day("2026-11-04")),
                  MetricQuery(metric: .DELIVERY, startDate: day("2026-11-01"), endDate: day("2026-11-04"))]
        let answers = try s.query(qs, zeroFill: false)
        #expect(answers.count == 3)
        #expect(answers[0] == series([("2026-11-01", 3), ("2026-11-02", 1), ("2026-11-03", 1)]))
        #expect(answers[1] == series([("2026-11-02", 1)]))
        #expect(answers[2].isEmpty)
    }

    @Test func nonMidnightBounds_coverDaysWhoseMidnightIsInRange() throws {
        let s = try populated()
        let q = MetricQuery(metric: .SEND, startDate: day("2026-11-01") + 1, endDate: day("2026-11-03") + 1)
        #expect(try s.query(q, zeroFill: false) == series([("2026-11-02", 1), ("2026-11-03", 1)]))
    }

    @Test func aQueryStartingMidDay_beginsAtTheNextMidnight() {
        let q = MetricQuery(metric: .SEND, startDate: day("2026-11-01") + 3600, endDate: day("2026-11-03"))
        #expect(q.firstDay == day("2026-11-02"))
        #expect(MetricQuery(metric: .SEND, startDate: -3600, endDate: 0).firstDay == 0)
    }
}
