import JSON
import Support

/// The request body as decoded from JSON, before constraints are checked: each member is nil
/// when absent or explicitly null (restJson1 treats both alike).
struct BatchGetMetricDataRequest: Equatable {
    var queries: [Query]?

    struct Query: Equatable {
        var id: String?
        var namespace: String?
        var metric: String?
        /// Keys in first-appearance order; a repeated key keeps its last value.
        var dimensions: [(key: String, value: String)]?
        var startDate: WireTimestamp?
        var endDate: WireTimestamp?

        static func == (lhs: Query, rhs: Query) -> Bool {
            lhs.id == rhs.id && lhs.namespace == rhs.namespace && lhs.metric == rhs.metric
                && lhs.dimensions?.map(\.key) == rhs.dimensions?.map(\.key)
                && lhs.dimensions?.map(\.value) == rhs.dimensions?.map(\.value)
                && lhs.startDate == rhs.startDate && lhs.endDate == rhs.endDate
        }
    }
}

/// A timestamp as sent: epoch seconds (botocore sends integers, the JS SDK fractions) or an
/// RFC 3339 string, in epoch milliseconds.
struct WireTimestamp: Equatable {
    /// Epoch milliseconds, the fraction beyond them dropped.
    let millis: Int64
    /// True when the value has a fraction of a second finer than a millisecond.
    let finerThanMillis: Bool

    init?(_ number: JSONNumber) {
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

    init?(rfc3339 text: String) {
        let bytes = Array(text.utf8)
        do throws(UTCCalendar.TimestampProblem) {
            millis = try bytes.withUnsafeBufferPointer { b throws(UTCCalendar.TimestampProblem) in try UTCCalendar.parseRFC3339(b) }
        } catch {
            return nil
        }
        finerThanMillis = false
    }
}
