import Support

/// Writes an operation's answer in the Query protocol (awsQuery XML, as botocore's query parser
/// reads it): `<ActionResponse xmlns=...><ActionResult>members</ActionResult><ResponseMetadata>
/// <RequestId>...</RequestId></ResponseMetadata></ActionResponse>`; lists as `<member>` elements
/// (a flattened list repeats its own element), maps as `<entry><key/><value/></entry>`, timestamps
/// ISO 8601 with milliseconds, booleans `true`/`false`, absent members left out.
public struct QueryEncoder: Sendable {
    let shapes: [String: Shape]
    let namespace: String

    public init(model: ServiceModel) {
        shapes = model.shapes
        namespace = model.xmlNamespace ?? ""
    }

    public func response(_ operation: Operation, _ value: ModelValue?, requestID: String) -> [UInt8] {
        var out = "<\(operation.name)Response xmlns=\"\(Self.escaped(namespace))\">"
        if let wrapper = operation.resultWrapper, let shape = operation.output.flatMap({ shapes[$0] }) {
            out += "<\(wrapper)>"
            if let value { appendMembers(value, shape, to: &out) }
            out += "</\(wrapper)>"
        }
        out += "<ResponseMetadata><RequestId>\(Self.escaped(requestID))</RequestId></ResponseMetadata></\(operation.name)Response>"
        return Array(out.utf8)
    }

    private func appendMembers(_ value: ModelValue, _ shape: Shape, to out: inout String) {
        guard case .structure(let members) = value else { return }
        for member in shape.members {
            guard let memberValue = members[member.name], let memberShape = shapes[member.shape] else { continue }
            append(memberValue, memberShape, element: member.wireName, flattened: member.flattened || memberShape.flattened, to: &out)
        }
    }

    private func append(_ value: ModelValue, _ shape: Shape, element: String, flattened: Bool, to out: inout String) {
        switch value {
        case .structure:
            out += "<\(element)>"
            appendMembers(value, shape, to: &out)
            out += "</\(element)>"
        case .list(let items):
            let itemShape = shape.member.flatMap { shapes[$0.shape] } ?? shape
            let itemName = flattened ? element : (shape.member?.locationName ?? "member")
            if !flattened { out += "<\(element)>" }
            for item in items { append(item, itemShape, element: itemName, flattened: false, to: &out) }
            if !flattened { out += "</\(element)>" }
        case .map(let entries):
            let valueShape = shape.value.flatMap { shapes[$0.shape] } ?? shape
            if !flattened { out += "<\(element)>" }
            for entry in entries {
                out += "<entry><\(shape.key?.locationName ?? "key")>\(Self.escaped(entry.key))</\(shape.key?.locationName ?? "key")>"
                append(entry.value, valueShape, element: shape.value?.locationName ?? "value", flattened: false, to: &out)
                out += "</entry>"
            }
            if !flattened { out += "</\(element)>" }
        default:
            out += "<\(element)>\(Self.escaped(Self.text(value)))</\(element)>"
        }
    }

    static func text(_ value: ModelValue) -> String {
        switch value {
        case .string(let s): return s
        case .integer(let i): return String(i)
        case .double(let d): return RestJSONEncoder.number(d)
        case .boolean(let b): return b ? "true" : "false"
        case .blob(let bytes): return Base64.encode(bytes)
        case .timestamp(let seconds): return UTCCalendar.rfc3339(millis: Int64((seconds * 1000).rounded(.down)), alwaysMillis: true)
        case .list, .map, .structure: return ""
        }
    }

    public static func escaped(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }
}
