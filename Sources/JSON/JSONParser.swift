/// A strict RFC 8259 parser over bytes: one value with optional whitespace around it, no
/// extensions (comments, single quotes, trailing commas, NaN, leading zeros, hex), well-formed
/// UTF-8 only (RFC 3629 §4: no overlongs, no surrogates, nothing above U+10FFFF), and no lone
/// surrogate in \u escapes (RFC 8259 §8.2 allows them; we reject them as most strict parsers do).
public enum JSONParser {
    public static func parse(_ bytes: UnsafeRawBufferPointer, maxDepth: Int = 64) throws(JSONParseError) -> JSONValue {
        var reader = JSONReader(bytes, maxDepth: maxDepth)
        return try reader.parseDocument()
    }

    public static func parse(_ bytes: [UInt8], maxDepth: Int = 64) throws(JSONParseError) -> JSONValue {
        // withUnsafeBytes cannot rethrow a typed error, so carry the result out.
        let result: Result<JSONValue, JSONParseError> = bytes.withUnsafeBytes { raw in
            do throws(JSONParseError) {
                return .success(try parse(raw, maxDepth: maxDepth))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }
}

/// The cursor behind JSONParser. Exposed so other modules can parse a value starting at an
/// offset inside a larger buffer (e.g. one line of NDJSON) without copying it.
public struct JSONReader {
    @usableFromInline let base: UnsafePointer<UInt8>?
    @usableFromInline let end: Int
    public private(set) var offset: Int
    let maxDepth: Int
    var depth = 0
    /// Scratch space for strings with escapes, reused across strings.
    var scratch: [UInt8] = []
    /// Added to every reported offset (the reader's start inside a larger document).
    let offsetBias: Int

    public init(_ bytes: UnsafeRawBufferPointer, maxDepth: Int = 64, offsetBias: Int = 0) {
        self.base = bytes.baseAddress.map { $0.assumingMemoryBound(to: UInt8.self) }
        self.end = bytes.count
        self.offset = 0
        self.maxDepth = maxDepth
        self.offsetBias = offsetBias
    }

    @inline(__always) func at(_ i: Int) -> UInt8 { base.unsafelyUnwrapped[i] }

    // MARK: primitives for decoders that read a document in place (no JSONValue in between)

    /// The byte at the current offset, or nil at the end.
    @inline(__always) public func peek() -> UInt8? { offset < end ? at(offset) : nil }

    public var isAtEnd: Bool { offset >= end }

    /// Consumes `byte` or throws (unexpected character / end of input).
    @inline(__always) public mutating func expect(_ byte: UInt8) throws(JSONParseError) {
        guard offset < end else { throw .unexpectedEndOfInput(offset: end + offsetBias) }
        let b = at(offset)
        if b != byte { throw .unexpectedCharacter(b, offset: offset + offsetBias) }
        offset += 1
    }

    /// After a value: only whitespace may follow.
    public mutating func expectEnd() throws(JSONParseError) {
        skipWhitespace()
        if offset < end { throw .trailingData(offset: offset + offsetBias) }
    }

    /// The bytes of the range (valid while the reader's buffer is).
    @inline(__always) public func bytes(_ r: Range<Int>) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: base.unsafelyUnwrapped + r.lowerBound, count: r.count)
    }

    /// At an opening quote: if the string is printable ASCII without escapes, consumes it and
    /// returns its content bytes; otherwise consumes nothing and returns nil (call parseString()).
    @inline(__always) public mutating func scanSimpleString() -> UnsafeBufferPointer<UInt8>? {
        var i = offset + 1
        while i < end {
            let b = at(i)
            if b == UInt8(ascii: "\"") {
                let r = bytes((offset + 1)..<i)
                offset = i + 1
                return r
            }
            if b == UInt8(ascii: "\\") || b < 0x20 || b >= 0x80 { return nil }
            i += 1
        }
        return nil
    }

    /// The offset as reported in errors.
    public var reportedOffset: Int { offset + offsetBias }

    /// Parses exactly one value surrounded by optional whitespace.
    public mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        skipWhitespace()
        let v = try parseValue()
        skipWhitespace()
        if offset < end { throw .trailingData(offset: offset + offsetBias) }
        return v
    }

    @inline(__always) public mutating func skipWhitespace() {
        while offset < end {
            let b = at(offset)
            if b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 { offset += 1 } else { return }
        }
    }

    /// Parses the value at the current offset (whitespace already skipped).
    public mutating func parseValue() throws(JSONParseError) -> JSONValue {
        guard offset < end else { throw .unexpectedEndOfInput(offset: end + offsetBias) }
        switch at(offset) {
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        case let b: throw .unexpectedCharacter(b, offset: offset + offsetBias)
        }
    }

    /// Consumes `word` (true, false, null) or throws.
    public mutating func expectLiteral(_ word: StaticString) throws(JSONParseError) {
        let p = word.utf8Start
        for k in 0..<word.utf8CodeUnitCount {
            guard offset < end else { throw .unexpectedEndOfInput(offset: end + offsetBias) }
            let b = at(offset)
            if b != p[k] { throw .unexpectedCharacter(b, offset: offset + offsetBias) }
            offset += 1
        }
    }

    mutating func enter() throws(JSONParseError) {
        depth += 1
        if depth > maxDepth { throw .nestingTooDeep(offset: offset + offsetBias) }
    }

    mutating func parseArray() throws(JSONParseError) -> JSONValue {
        try enter()
        offset += 1 // [
        var items: [JSONValue] = []
        skipWhitespace()
        guard offset < end else { throw .unexpectedEndOfInput(offset: end + offsetBias) }
        if at(offset) == UInt8(ascii: "]") {
            offset += 1; depth -= 1
            return .array(items)
        }
        while true {
            skipWhitespace()
            items.append(try parseValue())
            skipWhitespace()
            guard offset < end else { throw .unexpectedEndOfInput(offset: end + offsetBias) }
            let b = at(offset)
            offset += 1
            if b == UInt8(ascii: ",") { continue }
            if b == UInt8(ascii: "]") { break }
            throw .unexpectedCharacter(b, offset: offset - 1 + offsetBias)
        }
        depth -= 1
        return .array(items)
    }

    mutating func parseObject() throws(JSONParseError) -> JSONValue {
        try enter()
        offset += 1 // {
        var members: [(key: String, value: JSONValue)] = []
        skipWhitespace()
        guard offset < end else { throw .unexpectedEndOfInput(offset: end + offsetBias) }
        if at(offset) == UInt8(ascii: "}") {
            offset += 1; depth -= 1
            return .object(JSONObject(members: members))
        }
        while true {
            skipWhitespace()
            guard offset < end else { throw .unexpectedEndOfInput(offset: end + offsetBias) }
            let q = at(offset)
            if q != UInt8(ascii: "\"") { throw .unexpectedCharacter(q, offset: offset + offsetBias) }
            let key = try parseString()
            skipWhitespace()
            guard offset < end else { throw .unexpectedEndOfInput(offset: end + offsetBias) }
            let c = at(offset)
            if c != UInt8(ascii: ":") { throw .unexpectedCharacter(c, offset: offset + offsetBias) }
            offset += 1
            skipWhitespace()
            let value = try parseValue()
            members.append((key: key, value: value))
            skipWhitespace()
            guard offset < end else { throw .unexpectedEndOfInput(offset: end + offsetBias) }
            let b = at(offset)
            offset += 1
            if b == UInt8(ascii: ",") { continue }
            if b == UInt8(ascii: "}") { break }
            throw .unexpectedCharacter(b, offset: offset - 1 + offsetBias)
        }
        depth -= 1
        return .object(JSONObject(members: members))
    }

    // MARK: numbers (RFC 8259 §6)

    mutating func parseNumber() throws(JSONParseError) -> JSONNumber {
        let range = try scanNumber()
        return JSONNumber(text: String(decoding: UnsafeBufferPointer(start: base.unsafelyUnwrapped + range.lowerBound, count: range.count), as: UTF8.self))
    }

    /// Checks the number grammar from the current offset and returns the literal's range.
    public mutating func scanNumber() throws(JSONParseError) -> Range<Int> {
        let start = offset
        var i = offset
        if i < end && at(i) == UInt8(ascii: "-") { i += 1 }
        guard i < end else { throw .invalidNumber(offset: start + offsetBias) }
        let first = at(i)
        if first == UInt8(ascii: "0") {
            i += 1
            if i < end && at(i) &- UInt8(ascii: "0") <= 9 { throw .invalidNumber(offset: start + offsetBias) }
        } else if first &- UInt8(ascii: "1") <= 8 {
            i += 1
            while i < end && at(i) &- UInt8(ascii: "0") <= 9 { i += 1 }
        } else {
            throw .invalidNumber(offset: start + offsetBias)
        }
        if i < end && at(i) == UInt8(ascii: ".") {
            i += 1
            let fracStart = i
            while i < end && at(i) &- UInt8(ascii: "0") <= 9 { i += 1 }
            if i == fracStart { throw .invalidNumber(offset: start + offsetBias) }
        }
        if i < end && (at(i) == UInt8(ascii: "e") || at(i) == UInt8(ascii: "E")) {
            i += 1
            if i < end && (at(i) == UInt8(ascii: "+") || at(i) == UInt8(ascii: "-")) { i += 1 }
            let expStart = i
            while i < end && at(i) &- UInt8(ascii: "0") <= 9 { i += 1 }
            if i == expStart { throw .invalidNumber(offset: start + offsetBias) }
        }
        offset = i
        return start..<i
    }

    // MARK: strings (RFC 8259 §7)

    /// Parses a string starting at the opening quote.
    public mutating func parseString() throws(JSONParseError) -> String {
        offset += 1 // opening quote
        let start = offset
        var i = offset
        // Fast path: plain ASCII without escapes.
        while i < end {
            let b = at(i)
            if b == UInt8(ascii: "\"") {
                offset = i + 1
                return String(decoding: UnsafeBufferPointer(start: base.unsafelyUnwrapped + start, count: i - start), as: UTF8.self)
            }
            if b == UInt8(ascii: "\\") || b < 0x20 || b >= 0x80 { break }
            i += 1
        }
        // Slow path: escapes and/or multi-byte UTF-8, decoded into scratch.
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: UnsafeBufferPointer(start: base.unsafelyUnwrapped + start, count: i - start))
        while true {
            guard i < end else { throw .unexpectedEndOfInput(offset: end + offsetBias) }
            let b = at(i)
            if b == UInt8(ascii: "\"") {
                offset = i + 1
                return String(decoding: scratch, as: UTF8.self)
            } else if b == UInt8(ascii: "\\") {
                i = try decodeEscape(at: i)
            } else if b < 0x20 {
                throw .controlCharacterInString(offset: i + offsetBias)
            } else if b < 0x80 {
                scratch.append(b); i += 1
            } else {
                let n = try utf8SequenceLength(at: i)
                scratch.append(contentsOf: UnsafeBufferPointer(start: base.unsafelyUnwrapped + i, count: n))
                i += n
            }
        }
    }

    /// Validates one multi-byte UTF-8 sequence (RFC 3629 §4 table) and returns its length.
    @inline(__always) func utf8SequenceLength(at i: Int) throws(JSONParseError) -> Int {
        let b0 = at(i)
        @inline(__always) func cont(_ k: Int, _ lo: UInt8 = 0x80, _ hi: UInt8 = 0xBF) throws(JSONParseError) {
            guard i + k < end else { throw .invalidUTF8(offset: i + offsetBias) }
            let c = at(i + k)
            if c < lo || c > hi { throw .invalidUTF8(offset: i + offsetBias) }
        }
        switch b0 {
        case 0xC2...0xDF: try cont(1); return 2
        case 0xE0: try cont(1, 0xA0, 0xBF); try cont(2); return 3
        case 0xE1...0xEC, 0xEE...0xEF: try cont(1); try cont(2); return 3
        case 0xED: try cont(1, 0x80, 0x9F); try cont(2); return 3    // no UTF-16 surrogates
        case 0xF0: try cont(1, 0x90, 0xBF); try cont(2); try cont(3); return 4
        case 0xF1...0xF3: try cont(1); try cont(2); try cont(3); return 4
        case 0xF4: try cont(1, 0x80, 0x8F); try cont(2); try cont(3); return 4   // ≤ U+10FFFF
        default: throw .invalidUTF8(offset: i + offsetBias)
        }
    }

    @inline(__always) func hex4(at i: Int, escapeStart: Int) throws(JSONParseError) -> UInt32 {
        guard i + 4 <= end else {
            // Distinguish a truncated document from a bad escape.
            for k in i..<end where Self.hexValue(at(k)) == nil { throw .invalidUnicodeEscape(offset: escapeStart + offsetBias) }
            throw .unexpectedEndOfInput(offset: end + offsetBias)
        }
        var v: UInt32 = 0
        for k in 0..<4 {
            guard let h = Self.hexValue(at(i + k)) else { throw .invalidUnicodeEscape(offset: escapeStart + offsetBias) }
            v = v << 4 | h
        }
        return v
    }

    @inline(__always) static func hexValue(_ b: UInt8) -> UInt32? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(b - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(b - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(b - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }

    /// Decodes the escape at `i` (a backslash) into scratch; returns the index after it.
    mutating func decodeEscape(at i: Int) throws(JSONParseError) -> Int {
        guard i + 1 < end else { throw .unexpectedEndOfInput(offset: end + offsetBias) }
        let e = at(i + 1)
        switch e {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scratch.append(e)
        case UInt8(ascii: "b"): scratch.append(0x08)
        case UInt8(ascii: "f"): scratch.append(0x0C)
        case UInt8(ascii: "n"): scratch.append(0x0A)
        case UInt8(ascii: "r"): scratch.append(0x0D)
        case UInt8(ascii: "t"): scratch.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try hex4(at: i + 2, escapeStart: i)
            var next = i + 6
            if scalar >= 0xDC00 && scalar <= 0xDFFF { throw .invalidUnicodeEscape(offset: i + offsetBias) }
            if scalar >= 0xD800 && scalar <= 0xDBFF {
                // A high surrogate must be followed by an escaped low surrogate.
                guard next + 1 < end, at(next) == UInt8(ascii: "\\"), at(next + 1) == UInt8(ascii: "u") else {
                    if next >= end || (next + 1 >= end && at(next) == UInt8(ascii: "\\")) {
                        throw .unexpectedEndOfInput(offset: end + offsetBias)
                    }
                    throw .invalidUnicodeEscape(offset: i + offsetBias)
                }
                let low = try hex4(at: next + 2, escapeStart: next)
                guard low >= 0xDC00 && low <= 0xDFFF else { throw .invalidUnicodeEscape(offset: i + offsetBias) }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                next += 6
            }
            appendUTF8(scalar)
            return next
        default:
            throw .invalidEscape(offset: i + offsetBias)
        }
        return i + 2
    }

    @inline(__always) mutating func appendUTF8(_ s: UInt32) {
        switch s {
        case 0..<0x80: scratch.append(UInt8(s))
        case 0x80..<0x800:
            scratch.append(UInt8(0xC0 | (s >> 6))); scratch.append(UInt8(0x80 | (s & 0x3F)))
        case 0x800..<0x10000:
            scratch.append(UInt8(0xE0 | (s >> 12))); scratch.append(UInt8(0x80 | ((s >> 6) & 0x3F)))
            scratch.append(UInt8(0x80 | (s & 0x3F)))
        default:
            scratch.append(UInt8(0xF0 | (s >> 18))); scratch.append(UInt8(0x80 | ((s >> 12) & 0x3F)))
            scratch.append(UInt8(0x80 | ((s >> 6) & 0x3F))); scratch.append(UInt8(0x80 | (s & 0x3F)))
        }
    }
}
