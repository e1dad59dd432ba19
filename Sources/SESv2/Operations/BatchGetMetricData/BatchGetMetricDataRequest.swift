import JSON

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

/// An epoch-seconds timestamp as sent: botocore sends integers, the JS SDK fractions.
struct WireTimestamp: Equatable {
    /// Whole seconds (the fraction dropped toward negative infinity).
    let seconds: Int64
    /// True when the literal has a non-zero fraction of a second.
    let hasFraction: Bool
    let text: String

    /// Bounds of years 1970–9999, the range a UTC day in the store can have.
    static let maxSeconds: Int64 = 253_402_300_799

    init?(_ number: JSONNumber) {
        text = number.text
        if let exact = number.integerValue {
            seconds = exact
            hasFraction = false
        } else {
            let d = number.doubleValue
            guard d.isFinite, d >= -1, d <= Double(Self.maxSeconds) + 1 else { return nil }
            seconds = Int64(d.rounded(.down))
            hasFraction = true
        }
        guard seconds >= 0, seconds <= Self.maxSeconds else { return nil }
    }
}
