import JSON

/// A small JSON tree for writing control-API answers.
package indirect enum JSONFragment: Sendable {
    case string(String)
    case int(Int64)
    case double(Double)
    case bool(Bool)
    case null
    case array([JSONFragment])
    case object([(String, JSONFragment)])
    /// A parsed value, written back as it was read.
    case json(JSONValue)

    package func write(to out: inout [UInt8]) {
        switch self {
        case .string(let s): JSONWriter.appendString(s, to: &out)
        case .int(let i): JSONWriter.appendInt(i, to: &out)
        case .double(let d):
            if d == d.rounded(), abs(d) < 1e15 { JSONWriter.appendInt(Int64(d), to: &out) } else { out.append(contentsOf: "\(d)".utf8) }
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .null: out.append(contentsOf: "null".utf8)
        case .json(let value): JSONWriter.append(value, to: &out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                item.write(to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let fields):
            out.append(UInt8(ascii: "{"))
            for (i, (key, value)) in fields.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                JSONWriter.appendString(key, to: &out)
                out.append(UInt8(ascii: ":"))
                value.write(to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    package var bytes: [UInt8] {
        var out: [UInt8] = []
        write(to: &out)
        return out
    }
}
