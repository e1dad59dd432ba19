import Support
import JSON
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns NDJSON or a JSON array of event objects into validated Events. Errors name the line
/// (1-based physical lines; blank lines skipped but counted; CRLF and a missing final newline
/// accepted) or the array index (0-based), and the field.
///
/// Objects are read in place with JSONReader (no JSONValue tree, field names matched as bytes):
/// this decoder runs once per event of a multi-million-event bulk load.
public enum EventDecoder {
    /// A problem inside one event: the field (if any) and why.
    struct FieldProblem: Error {
        var field: String?
        var reason: String
    }

    public static func decodeNDJSON(_ bytes: [UInt8], source: String, catalog: ISPCatalog) throws(EventDecodingError) -> [Event] {
        var events: [Event] = []
        var stream = NDJSONEventStream(source: source, catalog: catalog)
        do {
            try bytes.withUnsafeBytes { raw in
                try stream.consume(raw) { events.append($0) }
                try stream.finish { events.append($0) }
            }
        } catch let error as EventDecodingError {
            throw error
        } catch {
            // The sink above cannot throw; keep the typed signature honest anyway.
            throw EventDecodingError(source: source, reason: "\(error)")
        }
        return events
    }

    public static func decodeJSONArray(_ bytes: [UInt8], source: String, catalog: ISPCatalog) throws(EventDecodingError) -> [Event] {
        var events: [Event] = []
        var index: Int?
        var state = State(catalog: catalog)
        do {
            try bytes.withUnsafeBytes { raw in
                var r = JSONReader(raw)
                r.skipWhitespace()
                guard r.peek() == UInt8(ascii: "[") else {
                    let v = try r.parseValue()
                    try r.expectEnd()
                    throw FieldProblem(field: nil, reason: "expected a JSON array of events, got \(v.typeName)")
                }
                try r.expect(UInt8(ascii: "["))
                r.skipWhitespace()
                if r.peek() == UInt8(ascii: "]") {
                    try r.expect(UInt8(ascii: "]"))
                } else {
                    var i = 0
                    while true {
                        index = i
                        r.skipWhitespace()
                        events.append(try decodeObject(&r, &state))
                        r.skipWhitespace()
                        index = nil
                        if r.peek() == UInt8(ascii: ",") { try r.expect(UInt8(ascii: ",")); i += 1; continue }
                        try r.expect(UInt8(ascii: "]"))
                        break
                    }
                }
                try r.expectEnd()
            }
        } catch let e as JSONParseError {
            throw EventDecodingError(source: source, index: index, reason: "invalid JSON: \(e)")
        } catch let e as FieldProblem {
            throw EventDecodingError(source: source, index: index, field: e.field, reason: e.reason)
        } catch {
            throw EventDecodingError(source: source, index: index, reason: "\(error)")
        }
        return events
    }

    /// Per-stream memory: the catalog and the last identities / configuration sets seen, so a
    /// repeated name does not allocate a new String per event.
    struct State {
        let catalog: ISPCatalog
        var identities = RecentStrings()
        var configurationSets = RecentStrings()
        init(catalog: ISPCatalog) { self.catalog = catalog }
    }

    /// Decodes one line's bytes (without its line break); nil for a blank line.
    static func decodeLine(_ line: UnsafeRawBufferPointer, _ state: inout State) throws(FieldProblem) -> Event? {
        var blank = true
        for b in line where !(b == 0x20 || b == 0x09 || b == 0x0D) { blank = false; break }
        if blank { return nil }
        var r = JSONReader(line)
        do {
            r.skipWhitespace()
            let e = try decodeObject(&r, &state)
            try r.expectEnd()
            return e
        } catch let e as FieldProblem {
            throw e
        } catch let e as JSONParseError {
            throw FieldProblem(field: nil, reason: "invalid JSON: \(e)")
        } catch {
            throw FieldProblem(field: nil, reason: "\(error)")
        }
    }

    // MARK: the object reader

    private enum Field: UInt16 {
        case type = 1, timestamp = 2, emailIdentity = 4, configurationSet = 8, isp = 16, messageId = 32,
             eventId = 64, recipientCount = 128, mailboxSimulator = 256, suppressionList = 512,
             openTracking = 1024, clickTracking = 2048, tenant = 4096

        var name: String {
            switch self {
            case .type: "type"
            case .timestamp: "timestamp"
            case .emailIdentity: "emailIdentity"
            case .configurationSet: "configurationSet"
            case .isp: "isp"
            case .messageId: "messageId"
            case .eventId: "eventId"
            case .recipientCount: "recipientCount"
            case .mailboxSimulator: "mailboxSimulator"
            case .suppressionList: "suppressionList"
            case .openTracking: "openTracking"
            case .clickTracking: "clickTracking"
            case .tenant: "tenant"
            }
        }

        static let all: [Field] = [.type, .timestamp, .emailIdentity, .configurationSet, .isp, .messageId, .eventId,
                                   .recipientCount, .mailboxSimulator, .suppressionList, .openTracking, .clickTracking, .tenant]
        static let utf8Names: [[UInt8]] = all.map { Array($0.name.utf8) }

        static func match(_ b: UnsafeBufferPointer<UInt8>) -> Field? {
            for (i, n) in utf8Names.enumerated() where n.count == b.count && n[0] == b[0] {
                if n.withUnsafeBufferPointer({ memcmp($0.baseAddress!, b.baseAddress!, b.count) }) == 0 { return all[i] }
            }
            return nil
        }
    }

    private static let typeNames: [[UInt8]] = EventType.allCases.map { Array($0.rawValue.utf8) }

    private static func eventType(_ b: UnsafeBufferPointer<UInt8>) -> EventType? {
        for (i, n) in typeNames.enumerated() where n.count == b.count {
            if n.withUnsafeBufferPointer({ memcmp($0.baseAddress!, b.baseAddress!, b.count) }) == 0 { return EventType.allCases[i] }
        }
        return nil
    }

    /// Reads one event object at the reader's offset. Throws JSONParseError or FieldProblem.
    static func decodeObject(_ r: inout JSONReader, _ state: inout State) throws -> Event {
        guard r.peek() == UInt8(ascii: "{") else {
            if r.isAtEnd { try r.expect(UInt8(ascii: "{")) }
            let v = try r.parseValue()
            try r.expectEnd()
            throw FieldProblem(field: nil, reason: "expected a JSON object, got \(v.typeName)")
        }
        try r.expect(UInt8(ascii: "{"))
        var type: EventType?
        var timestamp: Int64?
        var identity: String?
        var configurationSet: String?
        var isp: String?
        var messageId: String?
        var eventId: String?
        var recipientCount: Int64 = 1
        var mailboxSimulator = false, suppressionList = false, openTracking = false, clickTracking = false
        var tenant: String?
        var seen: UInt16 = 0

        r.skipWhitespace()
        if r.peek() == UInt8(ascii: "}") {
            try r.expect(UInt8(ascii: "}"))
        } else {
            while true {
                r.skipWhitespace()
                guard r.peek() == UInt8(ascii: "\"") else {
                    try r.expect(UInt8(ascii: "\""))   // throws the right error
                    break
                }
                let field: Field
                if let raw = r.scanSimpleString() {
                    guard let f = Field.match(raw) else {
                        throw FieldProblem(field: String(decoding: raw, as: UTF8.self), reason: "unknown field")
                    }
                    field = f
                } else {
                    var name = try r.parseString()
                    guard let f = name.withUTF8({ Field.match($0) }) else { throw FieldProblem(field: name, reason: "unknown field") }
                    field = f
                }
                if seen & field.rawValue != 0 { throw FieldProblem(field: field.name, reason: "duplicate field") }
                seen |= field.rawValue
                r.skipWhitespace()
                try r.expect(UInt8(ascii: ":"))
                r.skipWhitespace()

                switch field {
                case .type:
                    let t: EventType?
                    var shown: String
                    if let raw = try simpleString(&r, field) { t = eventType(raw); shown = t == nil ? String(decoding: raw, as: UTF8.self) : "" }
                    else { shown = try string(&r, field); t = shown.withUTF8 { eventType($0) } }
                    guard let t else {
                        throw FieldProblem(field: field.name, reason: "unknown event type \"\(shown)\" (expected one of \(EventType.allCases.map(\.rawValue).joined(separator: ", ")))")
                    }
                    type = t
                case .timestamp:
                    timestamp = try decodeTimestamp(&r)
                case .emailIdentity:
                    identity = try identifier(&r, field, &state.identities)
                case .configurationSet:
                    if try null(&r) { configurationSet = nil } else { configurationSet = try identifier(&r, field, &state.configurationSets) }
                case .isp:
                    let name: String?
                    var shown = ""
                    if let raw = try simpleString(&r, field) {
                        name = state.catalog.canonicalName(bytes: raw)
                        if name == nil { shown = String(decoding: raw, as: UTF8.self) }
                    } else {
                        shown = try string(&r, field)
                        name = state.catalog.canonicalName(shown)
                    }
                    guard let name else { throw FieldProblem(field: field.name, reason: "unknown ISP \"\(shown)\" (not in the ISP catalog)") }
                    isp = name
                case .messageId:
                    messageId = try null(&r) ? nil : try nonEmpty(&r, field)
                case .eventId:
                    eventId = try null(&r) ? nil : try nonEmpty(&r, field)
                case .recipientCount:
                    if try !null(&r) {
                        guard let b = r.peek(), b == UInt8(ascii: "-") || b &- UInt8(ascii: "0") <= 9 else {
                            throw try wrongType(&r, field, "an integer")
                        }
                        let range = try r.scanNumber()
                        let bytes = r.bytes(range)
                        guard let c = JSONNumber.exactInteger(bytes) else {
                            throw FieldProblem(field: field.name, reason: "must be an integer, got \(String(decoding: bytes, as: UTF8.self))")
                        }
                        guard c >= 1 else { throw FieldProblem(field: field.name, reason: "must be at least 1") }
                        recipientCount = c
                    }
                case .mailboxSimulator: mailboxSimulator = try bool(&r, field)
                case .suppressionList: suppressionList = try bool(&r, field)
                case .openTracking: openTracking = try bool(&r, field)
                case .clickTracking: clickTracking = try bool(&r, field)
                case .tenant:
                    if try null(&r) {
                        tenant = nil
                    } else {
                        let name = try string(&r, field)
                        if let problem = Event.tenantProblem(name) { throw FieldProblem(field: field.name, reason: problem) }
                        tenant = name
                    }
                }

                r.skipWhitespace()
                if r.peek() == UInt8(ascii: ",") { try r.expect(UInt8(ascii: ",")); continue }
                try r.expect(UInt8(ascii: "}"))
                break
            }
        }
        guard let type else { throw FieldProblem(field: "type", reason: "required") }
        guard let timestamp else { throw FieldProblem(field: "timestamp", reason: "required") }
        guard let identity else { throw FieldProblem(field: "emailIdentity", reason: "required") }
        guard let isp else { throw FieldProblem(field: "isp", reason: "required") }
        return Event(type: type, timestampMillis: timestamp, emailIdentity: identity, configurationSet: configurationSet,
                     isp: isp, messageId: messageId, eventId: eventId, recipientCount: recipientCount,
                     mailboxSimulator: mailboxSimulator, suppressionList: suppressionList,
                     openTracking: openTracking, clickTracking: clickTracking, tenantName: tenant)
    }

    // MARK: values

    /// Reads the (wrongly typed) value to name its type, and returns the error to throw.
    private static func wrongType(_ r: inout JSONReader, _ field: Field, _ expected: String) throws -> FieldProblem {
        let v = try r.parseValue()
        return FieldProblem(field: field.name, reason: "expected \(expected), got \(v.typeName)")
    }

    /// Consumes a `null` if there is one.
    @inline(__always) private static func null(_ r: inout JSONReader) throws -> Bool {
        guard r.peek() == UInt8(ascii: "n") else { return false }
        try r.expectLiteral("null")
        return true
    }

    /// A string's bytes when it is plain ASCII without escapes, nil when it needs full decoding.
    @inline(__always) private static func simpleString(_ r: inout JSONReader, _ field: Field) throws -> UnsafeBufferPointer<UInt8>? {
        guard r.peek() == UInt8(ascii: "\"") else { throw try wrongType(&r, field, "a string") }
        return r.scanSimpleString()
    }

    @inline(__always) private static func string(_ r: inout JSONReader, _ field: Field) throws -> String {
        guard r.peek() == UInt8(ascii: "\"") else { throw try wrongType(&r, field, "a string") }
        return try r.parseString()
    }

    @inline(__always) private static func nonEmpty(_ r: inout JSONReader, _ field: Field) throws -> String {
        let s = try string(&r, field)
        if s.isEmpty { throw FieldProblem(field: field.name, reason: "must not be empty") }
        return s
    }

    @inline(__always) private static func identifier(_ r: inout JSONReader, _ field: Field, _ recent: inout RecentStrings) throws -> String {
        let s: String
        if let raw = try simpleString(&r, field) { s = recent.string(raw) } else { s = try string(&r, field) }
        if let problem = Event.identifierProblem(s) { throw FieldProblem(field: field.name, reason: problem) }
        return s
    }

    @inline(__always) private static func bool(_ r: inout JSONReader, _ field: Field) throws -> Bool {
        switch r.peek() {
        case UInt8(ascii: "t"): try r.expectLiteral("true"); return true
        case UInt8(ascii: "f"): try r.expectLiteral("false"); return false
        case UInt8(ascii: "n"): try r.expectLiteral("null"); return false
        default: throw try wrongType(&r, field, "a boolean")
        }
    }

    private static let outOfRange = FieldProblem(field: "timestamp", reason: "must be within years 1970-9999 (UTC)")

    /// RFC 3339 string or epoch seconds (integer or fraction) → epoch milliseconds.
    private static func decodeTimestamp(_ r: inout JSONReader) throws -> Int64 {
        switch r.peek() {
        case UInt8(ascii: "\""):
            if let raw = r.scanSimpleString() { return try rfc3339(raw) }
            var s = try r.parseString()
            return try s.withUTF8 { try rfc3339($0) }
        case let b? where b == UInt8(ascii: "-") || b &- UInt8(ascii: "0") <= 9:
            let range = try r.scanNumber()
            guard let ms = epochMillis(r.bytes(range)) else { throw outOfRange }
            return ms
        default:
            throw try wrongType(&r, .timestamp, "an RFC 3339 string or epoch seconds")
        }
    }

    private static func rfc3339(_ b: UnsafeBufferPointer<UInt8>) throws -> Int64 {
        do throws(UTCCalendar.TimestampProblem) {
            return try UTCCalendar.parseRFC3339(b)
        } catch .outOfRange {
            throw outOfRange
        } catch .fieldRange {
            throw FieldProblem(field: "timestamp", reason: "invalid date or time in \"\(String(decoding: b, as: UTF8.self))\"")
        } catch {
            throw FieldProblem(field: "timestamp", reason: "expected an RFC 3339 date-time like 2026-10-05T14:03:00Z or epoch seconds, got \"\(String(decoding: b, as: UTF8.self))\"")
        }
    }

    /// Epoch seconds (a JSON number literal) → milliseconds, exact for plain decimals (fractions
    /// beyond a millisecond are truncated); nil when outside 1970–9999.
    static func epochMillis(_ b: UnsafeBufferPointer<UInt8>) -> Int64? {
        var i = 0
        var negative = false
        if b.first == UInt8(ascii: "-") { negative = true; i = 1 }
        var seconds: Int64 = 0
        var hasExponent = false
        while i < b.count, b[i] &- UInt8(ascii: "0") <= 9 {
            if seconds > 1_000_000_000_000 { return nil }
            seconds = seconds * 10 + Int64(b[i] - UInt8(ascii: "0"))
            i += 1
        }
        var millis: Int64 = 0
        var fractionNonZero = false
        if i < b.count, b[i] == UInt8(ascii: ".") {
            i += 1
            var scale: Int64 = 100
            while i < b.count, b[i] &- UInt8(ascii: "0") <= 9 {
                let d = Int64(b[i] - UInt8(ascii: "0"))
                if d != 0 { fractionNonZero = true }
                millis += d * scale
                scale /= 10
                i += 1
            }
        }
        if i != b.count { hasExponent = true }
        var ms: Int64
        if !hasExponent {
            if negative { return seconds == 0 && !fractionNonZero ? 0 : nil }   // "-0" is 1970 itself
            ms = seconds * 1000 + millis
        } else {
            guard let d = Double(String(decoding: b, as: UTF8.self)) else { return nil }
            let scaled = d * 1000
            if scaled == 0 { return 0 }
            guard scaled.isFinite, scaled >= 0, scaled <= Double(UTCCalendar.maxMillis) else { return nil }
            ms = Int64(scaled.rounded(.down))
        }
        guard ms >= UTCCalendar.minMillis, ms <= UTCCalendar.maxMillis else { return nil }
        return ms
    }
}

/// The last few distinct strings decoded for a field, so a stream that repeats a handful of
/// identities reuses one String each instead of allocating per event.
struct RecentStrings {
    private var bytes: [[UInt8]] = []
    private var strings: [String] = []
    private var next = 0
    private static let capacity = 8

    mutating func string(_ b: UnsafeBufferPointer<UInt8>) -> String {
        for i in 0..<bytes.count where bytes[i].count == b.count {
            if b.count == 0 || bytes[i].withUnsafeBufferPointer({ memcmp($0.baseAddress!, b.baseAddress!, b.count) }) == 0 {
                return strings[i]
            }
        }
        let s = String(decoding: b, as: UTF8.self)
        if bytes.count < Self.capacity {
            bytes.append(Array(b)); strings.append(s)
        } else {
            bytes[next] = Array(b); strings[next] = s
            next = (next + 1) % Self.capacity
        }
        return s
    }
}
