import JSON
import Support

/// Writes an output shape's value as a restJson1 body: structure members in the model's order
/// under their wire names, absent members left out, timestamps as epoch seconds (a JSON number,
/// which every SDK reads; JS v3 throws on strings), blobs as base64.
public struct RestJSONEncoder: Sendable {
    let shapes: [String: Shape]

    public init(model: ServiceModel) {
        shapes = model.shapes
    }

    public func encode(_ value: ModelValue, as shape: Shape) -> [UInt8] {
        var out: [UInt8] = []
        append(value, shape, to: &out)
        return out
    }

    private func append(_ value: ModelValue, _ shape: Shape?, to out: inout [UInt8]) {
        switch value {
        case .structure(let members):
            out.append(UInt8(ascii: "{"))
            var first = true
            // The shape's members in its order; without a shape (a handler's mistake), none.
            for member in shape?.members ?? [] {
                guard let memberValue = members[member.name] else { continue }
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                JSONWriter.appendString(member.wireName, to: &out)
                out.append(UInt8(ascii: ":"))
                append(memberValue, shapes[member.shape], to: &out)
            }
            out.append(UInt8(ascii: "}"))
        case .list(let items):
            let element = shape?.member.flatMap { shapes[$0.shape] }
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                append(item, element, to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .map(let entries):
            let valueShape = shape?.value.flatMap { shapes[$0.shape] }
            out.append(UInt8(ascii: "{"))
            for (i, entry) in entries.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                JSONWriter.appendString(entry.key, to: &out)
                out.append(UInt8(ascii: ":"))
                append(entry.value, valueShape, to: &out)
            }
            out.append(UInt8(ascii: "}"))
        case .string(let s):
            JSONWriter.appendString(s, to: &out)
        case .integer(let i):
            JSONWriter.appendInt(i, to: &out)
        case .double(let d):
            out.append(contentsOf: Self.number(d).utf8)
        case .boolean(let b):
            out.append(contentsOf: (b ? "true" : "false").utf8)
        case .blob(let bytes):
            JSONWriter.appendString(Base64.encode(bytes), to: &out)
        case .timestamp(let seconds):
            out.append(contentsOf: Self.number(seconds).utf8)
        }
    }

    /// A JSON number: whole values without a fraction; JSON has no NaN or infinity, so those are 0.
    static func number(_ d: Double) -> String {
        guard d.isFinite else { return "0" }
        if d == d.rounded(), abs(d) < 9.0e15 { return String(Int64(d)) }
        return String(d)
    }
}
