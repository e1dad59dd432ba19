import Support

/// A query's answer: day midnights (epoch seconds, ascending) and the day's sum.
public struct DailySeries: Sendable, Equatable {
    public var timestamps: [Int64]
    public var values: [Int64]

    public init(timestamps: [Int64] = [], values: [Int64] = []) {
        self.timestamps = timestamps
        self.values = values
    }

    public var isEmpty: Bool { timestamps.isEmpty }

    /// The same series with a zero for every day of [firstDay, endDate) that has no value.
    func zeroFilled(firstDay: Int64, endDate: Int64) -> DailySeries {
        var out = DailySeries()
        guard firstDay < endDate else { return out }
        let n = Int(UTCCalendar.ceilDays(seconds: endDate - firstDay))
        out.timestamps.reserveCapacity(n)
        out.values.reserveCapacity(n)
        var j = 0
        var day = firstDay
        while day < endDate {
            out.timestamps.append(day)
            if j < timestamps.count && timestamps[j] == day {
                out.values.append(values[j]); j += 1
            } else {
                out.values.append(0)
            }
            day += UTCCalendar.secondsPerDay
        }
        return out
    }
}
