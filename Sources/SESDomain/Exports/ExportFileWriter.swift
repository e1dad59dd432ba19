import JSON
import MetricsStore

/// Renders an export's rows: CSV with a header row (RFC 4180: a field holding a comma, quote,
/// CR or LF is quoted, quotes doubled; lines end in CRLF) or JSON Lines (one object a row, the
/// same names as the CSV header). Columns: the dimensions in request order, then
/// `<METRIC>_<AGGREGATION>` per metric.
package enum ExportFileWriter {
    package static func render(_ sums: GroupedSums, _ definition: ExportDefinition) -> [UInt8] {
        let names = definition.dimensions.map(\.name.rawValue) + definition.metrics.map(\.column)
        let count = definition.metrics.count
        var out: [UInt8] = []
        out.reserveCapacity(64 + sums.rows.count * names.count * 12)
        if definition.format == .CSV {
            appendCSVLine(names, to: &out)
        }
        for row in sums.rows {
            // The query's sums are each metric's volume, then each metric's divisor (ExportDefinition.groupedQuery).
            let numbers = definition.metrics.enumerated().map { i, m in
                m.aggregation == .VOLUME ? String(row.sums[i]) : rate(row.sums[i], over: row.sums[count + i])
            }
            switch definition.format {
            case .CSV:
                appendCSVLine(row.values + numbers, to: &out)
            case .JSON:
                out.append(UInt8(ascii: "{"))
                for (i, name) in names.enumerated() {
                    if i > 0 { out.append(UInt8(ascii: ",")) }
                    JSONWriter.appendString(name, to: &out)
                    out.append(UInt8(ascii: ":"))
                    if i < row.values.count {
                        JSONWriter.appendString(row.values[i], to: &out)
                    } else {
                        out.append(contentsOf: numbers[i - row.values.count].utf8)
                    }
                }
                out.append(contentsOf: "}\n".utf8)
            }
        }
        return out
    }

    /// `value / divisor` rounded half up to 6 decimals, trailing zeros dropped (`0.5`, `1`,
    /// `0.333333`); 0 when the divisor is 0. Integer arithmetic, so the text is exact.
    package static func rate(_ value: Int64, over divisor: Int64) -> String {
        guard divisor > 0, value > 0 else { return "0" }
        var whole = value / divisor
        // remainder × 10⁶ in 128 bits, divided back: exact for any Int64 counts.
        let (quotient, left) = divisor.dividingFullWidth((value % divisor).multipliedFullWidth(by: 1_000_000))
        var millionths = quotient + (left >= divisor - left ? 1 : 0)
        if millionths == 1_000_000 { whole += 1; millionths = 0 }
        guard millionths > 0 else { return String(whole) }
        var fraction = String(millionths)
        fraction = String(repeating: "0", count: 6 - fraction.count) + fraction
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return "\(whole).\(fraction)"
    }

    package static func appendCSVLine(_ fields: [String], to out: inout [UInt8]) {
        for (i, field) in fields.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            let bytes = field.utf8
            if bytes.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0D || $0 == 0x0A }) {
                out.append(UInt8(ascii: "\""))
                for b in bytes {
                    if b == UInt8(ascii: "\"") { out.append(b) }
                    out.append(b)
                }
                out.append(UInt8(ascii: "\""))
            } else {
                out.append(contentsOf: bytes)
            }
        }
        out.append(contentsOf: [0x0D, 0x0A])
    }
}
