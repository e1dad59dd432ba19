import JSON
import MetricsStore

/// One query's outcome: its daily series, or a per-query error (fault injection).
enum QueryOutcome {
    case result(id: String, series: DailySeries)
    case error(id: String, code: String, message: String)
}

/// `{"Results":[{"Id","Timestamps","Values"}],"Errors":[{"Id","Code","Message"}]}` with epoch-second
/// numbers as timestamps: the JS SDK refuses strings there.
enum ResponseEncoder {
    static func encode(_ outcomes: [QueryOutcome]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(64 + outcomes.count * 128)
        out.append(contentsOf: #"{"Results":["#.utf8)
        var first = true
        for case .result(let id, let series) in outcomes {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            out.append(contentsOf: #"{"Id":"#.utf8)
            JSONWriter.appendString(id, to: &out)
            out.append(contentsOf: #","Timestamps":"#.utf8)
            appendList(series.timestamps, to: &out)
            out.append(contentsOf: #","Values":"#.utf8)
            appendList(series.values, to: &out)
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

    private static func appendList(_ values: [Int64], to out: inout [UInt8]) {
        out.append(UInt8(ascii: "["))
        for (i, v) in values.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            JSONWriter.appendInt(v, to: &out)
        }
        out.append(UInt8(ascii: "]"))
    }
}
