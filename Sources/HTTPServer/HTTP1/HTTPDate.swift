import Glibc

/// IMF-fixdate (RFC 9110 §5.6.7) for the `Date` field, e.g. `Sun, 06 Nov 1994 08:49:37 GMT`.
public enum HTTPDate {
    private static let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    public static func now() -> String {
        format(epochSeconds: time(nil))
    }

    public static func format(epochSeconds: Int) -> String {
        var t = epochSeconds
        var tm = tm()
        gmtime_r(&t, &tm)
        return "\(days[Int(tm.tm_wday)]), \(pad(tm.tm_mday)) \(months[Int(tm.tm_mon)]) \(tm.tm_year + 1900) "
            + "\(pad(tm.tm_hour)):\(pad(tm.tm_min)):\(pad(tm.tm_sec)) GMT"
    }

    private static func pad(_ v: Int32) -> String {
        v < 10 ? "0\(v)" : "\(v)"
    }
}
