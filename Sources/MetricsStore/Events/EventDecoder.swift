import JSON

/// Turns NDJSON or a JSON array of event objects into validated Events. Errors name the line
/// (1-based physical lines; blank lines skipped but counted; CRLF and a missing final newline
/// accepted) or the array index (0-based), and the field.
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
        let root: JSONValue
        do { root = try JSONParser.parse(bytes) } catch {
            throw EventDecodingError(source: source, reason: "invalid JSON: \(error)")
        }
        guard case .array(let items) = root else {
            throw EventDecodingError(source: source, reason: "expected a JSON array of events, got \(root.typeName)")
        }
        var events: [Event] = []
        events.reserveCapacity(items.count)
        for (i, item) in items.enumerated() {
            do throws(FieldProblem) {
                events.append(try decode(item, catalog: catalog))
            } catch {
                throw EventDecodingError(source: source, index: i, field: error.field, reason: error.reason)
            }
        }
        return events
    }

    /// Decodes one line's bytes (without its line break); nil for a blank line.
    static func decodeLine(_ line: UnsafeRawBufferPointer, catalog: ISPCatalog) throws(FieldProblem) -> Event? {
        var blank = true
        for b in line where !(b == 0x20 || b == 0x09 || b == 0x0D) { blank = false; break }
        if blank { return nil }
        let value: JSONValue
        do { value = try JSONParser.parse(line) } catch {
            throw FieldProblem(field: nil, reason: "invalid JSON: \(error)")
        }
        return try decode(value, catalog: catalog)
    }

    static func decode(_ value: JSONValue, catalog: ISPCatalog) throws(FieldProblem) -> Event {
        guard case .object(let obj) = value else {
            throw FieldProblem(field: nil, reason: "expected a JSON object, got \(value.typeName)")
        }
        var type: EventType?
        var timestamp: Int64?
        var identity: String?
        var configurationSet: String?
        var isp: String?
        var messageId: String?
        var eventId: String?
        var recipientCount: Int64 = 1
        var mailboxSimulator = false, suppressionList = false, openTracking = false, clickTracking = false
        var seen: UInt16 = 0

        for (key, v) in obj.members {
            let bit: UInt16
            switch key {
            case "type":
                bit = 1
                let s = try string(v, key)
                guard let t = EventType(rawValue: s) else {
                    throw FieldProblem(field: key, reason: "unknown event type \"\(s)\" (expected one of \(EventType.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                type = t
            case "timestamp":
                bit = 2
                timestamp = try decodeTimestamp(v)
            case "emailIdentity":
                bit = 4
                identity = try identifier(v, key)
            case "configurationSet":
                bit = 8
                configurationSet = v == .null ? nil : try identifier(v, key)
            case "isp":
                bit = 16
                let s = try string(v, key)
                guard let name = catalog.canonicalName(s) else {
                    throw FieldProblem(field: key, reason: "unknown ISP \"\(s)\" (not in the ISP catalog)")
                }
                isp = name
            case "messageId":
                bit = 32
                messageId = v == .null ? nil : try nonEmpty(v, key)
            case "eventId":
                bit = 64
                eventId = v == .null ? nil : try nonEmpty(v, key)
            case "recipientCount":
                bit = 128
                if v != .null {
                    guard case .number(let n) = v else { throw wrongType(key, "an integer", v) }
                    guard let c = n.integerValue else {
                        throw FieldProblem(field: key, reason: "must be an integer, got \(n.text)")
                    }
                    guard c >= 1 else { throw FieldProblem(field: key, reason: "must be at least 1") }
                    recipientCount = c
                }
            case "mailboxSimulator":
                bit = 256; mailboxSimulator = try bool(v, key)
            case "suppressionList":
                bit = 512; suppressionList = try bool(v, key)
            case "openTracking":
                bit = 1024; openTracking = try bool(v, key)
            case "clickTracking":
                bit = 2048; clickTracking = try bool(v, key)
            default:
                throw FieldProblem(field: key, reason: "unknown field")
            }
            if seen & bit != 0 { throw FieldProblem(field: key, reason: "duplicate field") }
            seen |= bit
        }
        guard let type else { throw FieldProblem(field: "type", reason: "required") }
        guard let timestamp else { throw FieldProblem(field: "timestamp", reason: "required") }
        guard let identity else { throw FieldProblem(field: "emailIdentity", reason: "required") }
        guard let isp else { throw FieldProblem(field: "isp", reason: "required") }
        return Event(type: type, timestampMillis: timestamp, emailIdentity: identity, configurationSet: configurationSet,
                     isp: isp, messageId: messageId, eventId: eventId, recipientCount: recipientCount,
                     mailboxSimulator: mailboxSimulator, suppressionList: suppressionList,
                     openTracking: openTracking, clickTracking: clickTracking)
    }

    private static func wrongType(_ field: String, _ expected: String, _ v: JSONValue) -> FieldProblem {
        FieldProblem(field: field, reason: "expected \(expected), got \(v.typeName)")
    }

    @inline(__always) private static func string(_ v: JSONValue, _ field: String) throws(FieldProblem) -> String {
        guard case .string(let s) = v else { throw wrongType(field, "a string", v) }
        return s
    }

    @inline(__always) private static func nonEmpty(_ v: JSONValue, _ field: String) throws(FieldProblem) -> String {
        let s = try string(v, field)
        if s.isEmpty { throw FieldProblem(field: field, reason: "must not be empty") }
        return s
    }

    @inline(__always) private static func identifier(_ v: JSONValue, _ field: String) throws(FieldProblem) -> String {
        let s = try string(v, field)
        if let r = Event.identifierProblem(s) { throw FieldProblem(field: field, reason: r) }
        return s
    }

    @inline(__always) private static func bool(_ v: JSONValue, _ field: String) throws(FieldProblem) -> Bool {
        switch v {
        case .bool(let b): return b
        case .null: return false
        default: throw wrongType(field, "a boolean", v)
        }
    }

    /// RFC 3339 string or epoch seconds (integer or fraction) → epoch milliseconds.
    static func decodeTimestamp(_ v: JSONValue) throws(FieldProblem) -> Int64 {
        let field = "timestamp"
        let outOfRange = FieldProblem(field: field, reason: "must be within years 1970-9999 (UTC)")
        switch v {
        case .string(var s):
            let r: Result<Int64, UTCCalendar.TimestampProblem> = s.withUTF8 { b in
                do throws(UTCCalendar.TimestampProblem) { return .success(try UTCCalendar.parseRFC3339(b)) } catch { return .failure(error) }
            }
            switch r {
            case .success(let ms): return ms
            case .failure(.outOfRange): throw outOfRange
            case .failure(.fieldRange): throw FieldProblem(field: field, reason: "invalid date or time in \"\(s)\"")
            case .failure(.syntax): throw FieldProblem(field: field, reason: "expected an RFC 3339 date-time like 2026-10-05T14:03:00Z or epoch seconds, got \"\(s)\"")
            }
        case .number(let n):
            guard let ms = epochMillis(n) else { throw outOfRange }
            return ms
        default:
            throw wrongType(field, "an RFC 3339 string or epoch seconds", v)
        }
    }

    /// Epoch seconds → milliseconds, exact for plain decimals (fractions beyond a millisecond are
    /// truncated); nil when outside 1970–9999.
    static func epochMillis(_ n: JSONNumber) -> Int64? {
        var text = n.text
        let plain: Int64?? = text.withUTF8 { b -> Int64?? in
            var i = 0
            if b.first == UInt8(ascii: "-") { return .some(nil) }  // before 1970, unless it is -0
            var seconds: Int64 = 0
            while i < b.count, b[i] &- UInt8(ascii: "0") <= 9 {
                if seconds > 1_000_000_000_000 { return .some(nil) }
                seconds = seconds * 10 + Int64(b[i] - UInt8(ascii: "0"))
                i += 1
            }
            var millis: Int64 = 0
            if i < b.count, b[i] == UInt8(ascii: ".") {
                i += 1
                var scale: Int64 = 100
                while i < b.count, b[i] &- UInt8(ascii: "0") <= 9 {
                    millis += Int64(b[i] - UInt8(ascii: "0")) * scale
                    scale /= 10
                    i += 1
                }
            }
            if i != b.count { return nil }   // has an exponent: take the general path
            return .some(seconds * 1000 + millis)
        }
        let ms: Int64
        if let p = plain {
            guard let p else {
                // a negative literal: only a zero is in range ("-0", "-0.0")
                if let z = n.integerValue, z == 0 { return 0 }
                if n.doubleValue == 0 { return 0 }
                return nil
            }
            ms = p
        } else {
            let d = n.doubleValue * 1000
            guard d.isFinite, d >= 0, d <= Double(UTCCalendar.maxMillis) else { return nil }
            ms = Int64(d.rounded(.down))
        }
        guard ms >= UTCCalendar.minMillis, ms <= UTCCalendar.maxMillis else { return nil }
        return ms
    }
}
