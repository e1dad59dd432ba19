import Testing
@testable import MetricsStore

@Suite struct UTCCalendarTests {
    @Test func dayNumbers_roundDownAndUp_onBothSidesOfTheEpoch() {
        let d = UTCCalendar.secondsPerDay
        let cases: [(seconds: Int64, floor: Int64, ceil: Int64)] = [
            (0, 0, 0), (1, 0, 1), (d - 1, 0, 1), (d, 1, 1), (d + 1, 1, 2),
            (-1, -1, 0), (-d, -1, -1), (-d - 1, -2, -1), (20_000 * d, 20_000, 20_000),
        ]
        for c in cases {
            #expect(UTCCalendar.floorDays(seconds: c.seconds) == c.floor, "floor of \(c.seconds)")
            #expect(UTCCalendar.ceilDays(seconds: c.seconds) == c.ceil, "ceil of \(c.seconds)")
        }
    }

    @Test func aQueryStartingMidDay_beginsAtTheNextMidnight() {
        let q = MetricQuery(metric: .SEND, startDate: day("2026-11-01") + 3600, endDate: day("2026-11-03"))
        #expect(q.firstDay == day("2026-11-02"))
        #expect(MetricQuery(metric: .SEND, startDate: -3600, endDate: 0).firstDay == 0)
    }
}
