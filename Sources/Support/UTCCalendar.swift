import Glibc

/// Proleptic Gregorian calendar arithmetic in UTC, without Foundation
/// (days-from-civil / civil-from-days after H. Hinnant's public-domain algorithms).
public enum UTCCalendar {
    public static let millisPerDay: Int64 = 86_400_000
    public static let secondsPerDay: Int64 = 86_400
    /// 1970-01-01T00:00:00.000Z and 9999-12-31T23:59:59.999Z: the event timestamps we accept.
    public static let minMillis: Int64 = 0
    public static let maxMillis: Int64 = 253_402_300_799_999

    /// Days since 1970-01-01 of a civil date.
    public static func days(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The civil date of a day number (days since 1970-01-01).
    public static func civil(days z0: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    public static func isLeap(_ y: Int64) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    public static func daysInMonth(year: Int64, month: Int64) -> Int64 {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// The UTC midnight (epoch seconds) of the day containing `millis` (millis ≥ 0).
    @inline(__always) public static func dayStart(ofMillis millis: Int64) -> Int64 {
        dayNumber(ofMillis: millis) * secondsPerDay
    }

    /// Days since 1970-01-01 of the UTC day containing `millis` (millis ≥ 0: events are from 1970 on).
    @inline(__always) public static func dayNumber(ofMillis millis: Int64) -> Int64 {
        millis / millisPerDay
    }

    /// Days since 1970-01-01 of the last midnight at or before `seconds` (also before 1970).
    @inline(__always) public static func floorDays(seconds: Int64) -> Int64 {
        let q = seconds / secondsPerDay
        return seconds % secondsPerDay < 0 ? q - 1 : q
    }

    /// Days since 1970-01-01 of the first midnight at or after `seconds` (also before 1970).
    @inline(__always) public static func ceilDays(seconds: Int64) -> Int64 {
        -floorDays(seconds: -seconds)
    }

    /// Parses `YYYY-MM-DD` into the epoch seconds of that UTC midnight.
    public static func parseDate(_ s: String) -> Int64? {
        let b = Array(s.utf8)
        guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
              let y = digits(b, 0, 4), let m = digits(b, 5, 2), let d = digits(b, 8, 2),
              m >= 1, m <= 12, d >= 1, d <= daysInMonth(year: y, month: m) else { return nil }
        return days(year: y, month: m, day: d) * secondsPerDay
    }

    /// `YYYY-MM-DD` of a day number.
    public static func formatDate(days: Int64) -> String {
        let c = civil(days: days)
        return pad(c.year, 4) + "-" + pad(c.month, 2) + "-" + pad(c.day, 2)
    }

    /// `YYYY-MM-DDTHH:MM:SSZ`, with `.mmm` when the milliseconds are not zero or `alwaysMillis`
    /// asks for them (log lines keep one width).
    public static func rfc3339(millis: Int64, alwaysMillis: Bool = false) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(24)
        appendRFC3339(millis: millis, alwaysMillis: alwaysMillis, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// The wall clock in epoch milliseconds.
    public static func nowMillis() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec / 1_000_000)
    }

    /// Appends `YYYY-MM-DDTHH:MM:SSZ` (and `.mmm` when the milliseconds are not zero).
    public static func appendRFC3339(millis: Int64, alwaysMillis: Bool = false, to out: inout [UInt8]) {
        let dayNumber = millis / millisPerDay
        var rest = millis % millisPerDay
        let c = civil(days: dayNumber)
        appendDigits(c.year, 4, &out); out.append(UInt8(ascii: "-"))
        appendDigits(c.month, 2, &out); out.append(UInt8(ascii: "-"))
        appendDigits(c.day, 2, &out); out.append(UInt8(ascii: "T"))
        let ms = rest % 1000; rest /= 1000
        appendDigits(rest / 3600, 2, &out); out.append(UInt8(ascii: ":"))
        appendDigits(rest / 60 % 60, 2, &out); out.append(UInt8(ascii: ":"))
        appendDigits(rest % 60, 2, &out)
        if ms != 0 || alwaysMillis { out.append(UInt8(ascii: ".")); appendDigits(ms, 3, &out) }
        out.append(UInt8(ascii: "Z"))
    }

    @inline(__always) static func appendDigits(_ v: Int64, _ width: Int, _ out: inout [UInt8]) {
        var div: Int64 = 1
        for _ in 1..<width { div *= 10 }
        var v = v
        while div > 0 {
            out.append(UInt8(ascii: "0") + UInt8(v / div % 10))
            v %= div
            div /= 10
        }
    }

    private static func pad(_ v: Int64, _ width: Int) -> String {
        var out: [UInt8] = []
        appendDigits(v, width, &out)
        return String(decoding: out, as: UTF8.self)
    }

    @inline(__always) static func digits(_ b: UnsafeBufferPointer<UInt8>, _ at: Int, _ n: Int) -> Int64? {
        guard at + n <= b.count else { return nil }
        var v: Int64 = 0
        for i in at..<(at + n) {
            let d = b[i] &- UInt8(ascii: "0")
            if d > 9 { return nil }
            v = v * 10 + Int64(d)
        }
        return v
    }

    static func digits(_ b: [UInt8], _ at: Int, _ n: Int) -> Int64? {
        b.withUnsafeBufferPointer { digits($0, at, n) }
    }

    package enum TimestampProblem: Error { case syntax, fieldRange, outOfRange }

    /// Parses an RFC 3339 date-time (§5.6: `T`/`t`, optional fraction, `Z`/`z` or ±HH:MM) into
    /// epoch milliseconds (fractions beyond a millisecond are truncated; a leap second 60 is read
    /// as 59.999 so the event stays on its day). Years outside 1970–9999 after conversion to UTC
    /// are out of range.
    package static func parseRFC3339(_ b: UnsafeBufferPointer<UInt8>) throws(TimestampProblem) -> Int64 {
        guard b.count >= 20, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
              b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: "t"),
              b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"),
              let year = digits(b, 0, 4), let month = digits(b, 5, 2), let day = digits(b, 8, 2),
              let hour = digits(b, 11, 2), let minute = digits(b, 14, 2), var second = digits(b, 17, 2)
        else { throw .syntax }
        var i = 19
        var millis: Int64 = 0
        if b[i] == UInt8(ascii: ".") {
            i += 1
            let start = i
            var scale: Int64 = 100
            while i < b.count, b[i] &- UInt8(ascii: "0") <= 9 {
                millis += Int64(b[i] - UInt8(ascii: "0")) * scale
                scale /= 10
                i += 1
            }
            if i == start { throw .syntax }
        }
        guard i < b.count else { throw .syntax }
        var offsetMinutes: Int64 = 0
        switch b[i] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            i += 1
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            let sign: Int64 = b[i] == UInt8(ascii: "-") ? -1 : 1
            guard i + 6 == b.count, b[i + 3] == UInt8(ascii: ":"),
                  let oh = digits(b, i + 1, 2), let om = digits(b, i + 4, 2) else { throw .syntax }
            guard oh <= 23, om <= 59 else { throw .fieldRange }
            offsetMinutes = sign * (oh * 60 + om)
            i += 6
        default:
            throw .syntax
        }
        guard i == b.count else { throw .syntax }
        guard month >= 1, month <= 12, day >= 1, day <= daysInMonth(year: year, month: month),
              hour <= 23, minute <= 59, second <= 60 else { throw .fieldRange }
        if second == 60 { second = 59; millis = 999 }
        let local = ((days(year: year, month: month, day: day) * 24 + hour) * 60 + minute) * 60 + second
        let utcMillis = (local - offsetMinutes * 60) * 1000 + millis
        guard utcMillis >= minMillis, utcMillis <= maxMillis else { throw .outOfRange }
        return utcMillis
    }
}
