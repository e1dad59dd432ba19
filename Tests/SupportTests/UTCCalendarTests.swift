import Testing
import Support

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

    @Test func rfc3339_writesMillisecondsOnlyWhenAskedOrPresent() {
        let midnight = UTCCalendar.parseDate("2026-11-20")! * 1000
        #expect(UTCCalendar.rfc3339(millis: midnight + 36_000_000) == "2026-11-20T10:00:00Z")
        #expect(UTCCalendar.rfc3339(millis: midnight + 7) == "2026-11-20T00:00:00.007Z")
        #expect(UTCCalendar.rfc3339(millis: midnight, alwaysMillis: true) == "2026-11-20T00:00:00.000Z")
        #expect(UTCCalendar.rfc3339(millis: UTCCalendar.maxMillis) == "9999-12-31T23:59:59.999Z")
    }

    @Test func dates_roundTripThroughTheirText() {
        for text in ["1970-01-01", "2000-02-29", "2024-12-31", "9999-12-31"] {
            let seconds = UTCCalendar.parseDate(text)!
            #expect(UTCCalendar.formatDate(days: seconds / UTCCalendar.secondsPerDay) == text)
        }
        #expect(UTCCalendar.parseDate("2026-02-29") == nil)
        #expect(UTCCalendar.parseDate("2026-13-01") == nil)
    }

    @Test func nowMillis_isTheWallClock() {
        // 2026-01-01 as a floor: a clock this far off would break every date in the emulator.
        #expect(UTCCalendar.nowMillis() > 1_767_225_600_000)
    }
}
