import JSON
import Support

/// A timestamp as sent: epoch seconds (botocore sends integers, the JS SDK fractions) or an
/// RFC 3339 string, in epoch milliseconds.
package struct WireTimestamp: Equatable {
    /// Epoch milliseconds, the fraction beyond them dropped.
    package let millis: Int64
    /// True when the value has a fraction of a second finer than a millisecond.
    package let finerThanMillis: Bool

    package init?(_ number: JSONNumber) {
        if let seconds = number.integerValue {
            guard seconds >= 0, seconds <= UTCCalendar.maxMillis / 1000 else { return nil }
            millis = seconds * 1000
            finerThanMillis = false
        } else {
            let d = number.doubleValue * 1000
            guard d.isFinite, d >= 0, d <= Double(UTCCalendar.maxMillis) else { return nil }
            millis = Int64(d.rounded(.down))
            finerThanMillis = d != d.rounded(.down)
        }
    }

    package init?(rfc3339 text: String) {
        let bytes = Array(text.utf8)
        do throws(UTCCalendar.TimestampProblem) {
            millis = try bytes.withUnsafeBufferPointer { b throws(UTCCalendar.TimestampProblem) in try UTCCalendar.parseRFC3339(b) }
        } catch {
            return nil
        }
        finerThanMillis = false
    }
}
