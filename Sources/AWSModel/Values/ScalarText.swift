import Support

/// A scalar sent as text (a URI label, a query-string parameter, a Query protocol form
/// parameter), read as its shape's type: booleans `true`/`false`, numbers, timestamps as RFC 3339
/// (or epoch seconds), blobs as base64.
enum ScalarText {
    static func value(_ text: String, _ shape: Shape, at path: String) throws(WireError) -> ModelValue {
        func mismatch(_ expected: String) -> WireError { .serialization(at: path, expected: expected, got: "'\(text)'") }
        switch shape.kind {
        case .string: return .string(text)
        case .boolean:
            switch text {
            case "true": return .boolean(true)
            case "false": return .boolean(false)
            default: throw mismatch("a boolean")
            }
        case .integer, .long:
            guard let i = Int64(text) else { throw mismatch("an integer") }
            return .integer(i)
        case .double, .float:
            guard let d = Double(text), d.isFinite else { throw mismatch("a number") }
            return .double(d)
        case .timestamp:
            if let seconds = Double(text), seconds.isFinite, seconds >= 0 { return .timestamp(seconds) }
            guard let millis = rfc3339Millis(text) else { throw mismatch("a timestamp") }
            return .timestamp(Double(millis) / 1000)
        case .blob:
            guard let bytes = Base64.decode(text) else { throw .undecodableBlob(at: path) }
            return .blob(bytes)
        case .structure, .list, .map:
            throw mismatch("a \(shape.kind.rawValue)")
        }
    }

    static func rfc3339Millis(_ text: String) -> Int64? {
        let bytes = Array(text.utf8)
        do throws(UTCCalendar.TimestampProblem) {
            return try bytes.withUnsafeBufferPointer { b throws(UTCCalendar.TimestampProblem) in try UTCCalendar.parseRFC3339(b) }
        } catch {
            return nil
        }
    }
}
