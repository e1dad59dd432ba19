/// Why an event could not be decoded, and where: a physical line (1-based, NDJSON) or an array
/// index (0-based, JSON array), and the field when one is to blame.
public struct EventDecodingError: Error, CustomStringConvertible, Sendable, Equatable {
    public var source: String
    public var line: Int?
    public var index: Int?
    public var field: String?
    public var reason: String

    public init(source: String, line: Int? = nil, index: Int? = nil, field: String? = nil, reason: String) {
        self.source = source
        self.line = line
        self.index = index
        self.field = field
        self.reason = reason
    }

    /// "events.ndjson:12: recipientCount: must be at least 1", "body: index 3: isp: …".
    public var description: String {
        var parts: [String] = []
        if let line {
            parts.append(source.isEmpty ? "line \(line)" : "\(source):\(line)")
        } else {
            if !source.isEmpty { parts.append(source) }
            if let index { parts.append("index \(index)") }
        }
        if let field { parts.append(field) }
        parts.append(reason)
        return parts.joined(separator: ": ")
    }
}
