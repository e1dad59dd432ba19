import JSON
import MetricsStore
import SESDomain

/// One query's outcome: its daily series, or a per-query error (fault injection).
package enum QueryOutcome {
    case result(id: String, series: DailySeries)
    case error(id: String, code: String, message: String)
}

/// `{"Results":[{"Id","Timestamps","Values"}],"Errors":[{"Id","Code","Message"}]}` with epoch-second
/// numbers as timestamps: the JS SDK refuses strings there.
package enum ResponseEncoder {
    package static func encode(_ outcomes: [QueryOutcome]) -> [UInt8] {
        var out: [UInt8] = []
        var points = 0
        for case .result(_, let series) in outcomes { points += series.values.count }
        // Each list briefly takes 21 bytes per number while it is written (JSONWriter.appendIntArray).
        out.reserveCapacity(64 + outcomes.count * 128 + points * 42)
        out.append(contentsOf: #"{"Results":["#.utf8)
        var first = true
        for case .result(let id, let series) in outcomes {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            out.append(contentsOf: #"{"Id":"#.utf8)
            JSONWriter.appendString(id, to: &out)
            out.append(contentsOf: #","Timestamps":"#.utf8)
            JSONWriter.appendIntArray(series.timestamps, to: &out)
            out.append(contentsOf: #","Values":"#.utf8)
            JSONWriter.appendIntArray(series.values, to: &out)
            out.append(UInt8(ascii: "}"))
        }
        out.append(contentsOf: #"],"Errors":["#.utf8)
        first = true
        for case .error(let id, let code, let message) in outcomes {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            out.append(contentsOf: #"{"Id":"#.utf8)
            JSONWriter.appendString(id, to: &out)
            out.append(contentsOf: #","Code":"#.utf8)
            JSONWriter.appendString(code, to: &out)
            out.append(contentsOf: #","Message":"#.utf8)
            JSONWriter.appendString(message, to: &out)
            out.append(UInt8(ascii: "}"))
        }
        out.append(contentsOf: "]}".utf8)
        return out
    }
}
