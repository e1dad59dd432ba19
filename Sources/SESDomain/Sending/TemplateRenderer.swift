import JSON

/// `{{name}}` replacement tags filled from TemplateData (a JSON object; `{{a.b}}` reads nested
/// objects). A tag without data renders empty.
package enum TemplateRenderer {
    package static func render(_ text: String, data: JSONObject) -> String {
        var out = ""
        var rest = Substring(text)
        while let open = rest.firstRange(of: "{{") {
            out += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].firstRange(of: "}}") else {
                out += rest[open.lowerBound...]
                return out
            }
            let path = rest[open.upperBound..<close.lowerBound].filter { $0 != " " }
            out += value(at: path.split(separator: ".").map(String.init), in: data)
            rest = rest[close.upperBound...]
        }
        return out + rest
    }

    private static func value(at path: [String], in data: JSONObject) -> String {
        var current: JSONValue = .object(data)
        for key in path {
            guard case .object(let o) = current, let next = o[key] else { return "" }
            current = next
        }
        switch current {
        case .string(let s): return s
        case .number(let n): return n.text
        case .bool(let b): return b ? "true" : "false"
        case .null: return ""
        case .array, .object:
            var bytes: [UInt8] = []
            JSONWriter.append(current, to: &bytes)
            return String(decoding: bytes, as: UTF8.self)
        }
    }
}
