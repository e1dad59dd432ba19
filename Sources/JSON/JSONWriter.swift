/// Appends JSON tokens to a byte buffer. Strings are escaped per RFC 8259 §7: quote, backslash and
/// the C0 controls; everything else is copied as UTF-8.
public enum JSONWriter {
    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    public static func appendString(_ s: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var s = s
        s.withUTF8 { buf in
            var runStart = 0
            for i in 0..<buf.count {
                let b = buf[i]
                if b >= 0x20 && b != UInt8(ascii: "\"") && b != UInt8(ascii: "\\") { continue }
                if runStart < i { out.append(contentsOf: UnsafeBufferPointer(rebasing: buf[runStart..<i])) }
                runStart = i + 1
                out.append(UInt8(ascii: "\\"))
                switch b {
                case UInt8(ascii: "\""): out.append(UInt8(ascii: "\""))
                case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\"))
                case 0x0A: out.append(UInt8(ascii: "n"))
                case 0x0D: out.append(UInt8(ascii: "r"))
                case 0x09: out.append(UInt8(ascii: "t"))
                case 0x08: out.append(UInt8(ascii: "b"))
                case 0x0C: out.append(UInt8(ascii: "f"))
                default:
                    out.append(UInt8(ascii: "u")); out.append(UInt8(ascii: "0")); out.append(UInt8(ascii: "0"))
                    out.append(hexDigits[Int(b >> 4)]); out.append(hexDigits[Int(b & 0xF)])
                }
            }
            if runStart < buf.count { out.append(contentsOf: UnsafeBufferPointer(rebasing: buf[runStart..<buf.count])) }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// A parsed value written back (numbers as their literal text, members in document order).
    public static func append(_ value: JSONValue, to out: inout [UInt8]) {
        switch value {
        case .null: out += Array("null".utf8)
        case .bool(let b): out += Array((b ? "true" : "false").utf8)
        case .number(let n): out += Array(n.text.utf8)
        case .string(let s): appendString(s, to: &out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                append(item, to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let object):
            out.append(UInt8(ascii: "{"))
            for (i, member) in object.members.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                appendString(member.key, to: &out)
                out.append(UInt8(ascii: ":"))
                append(member.value, to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    public static func appendInt(_ v: Int64, to out: inout [UInt8]) {
        appendDecimals(CollectionOfOne(v), to: &out, brackets: false)
    }

    /// `[v0,v1,...]`: written through one pointer for the whole list (a series of a thousand
    /// points was 24 % of a 10-query batch's CPU when appended number by number).
    public static func appendIntArray(_ values: [Int64], to out: inout [UInt8]) {
        appendDecimals(values, to: &out, brackets: true)
    }

    /// Room for the widest list is appended first, filled through a pointer, and the unused
    /// tail dropped: one capacity check instead of one per byte.
    private static func appendDecimals<C: Collection<Int64>>(_ values: C, to out: inout [UInt8], brackets: Bool) {
        let start = out.count
        // Int64.min is 20 characters; a comma follows each number but the last; two brackets.
        let bound = values.count * 21 + 2
        out.append(contentsOf: repeatElement(0, count: bound))
        let written = digitPairs.withUnsafeBufferPointer { pairs in
            out.withUnsafeMutableBufferPointer { all -> Int in
                let base = all.baseAddress! + start
                var p = base
                if brackets { p.pointee = UInt8(ascii: "["); p += 1 }
                var first = true
                for v in values {
                    if !first { p.pointee = UInt8(ascii: ","); p += 1 }
                    first = false
                    p = writeDecimal(v, at: p, pairs: pairs.baseAddress!)
                }
                if brackets { p.pointee = UInt8(ascii: "]"); p += 1 }
                return p - base
            }
        }
        out.removeLast(bound - written)
    }

    /// Writes `v` in decimal at `p`, returns the end: digits counted first, then written from
    /// the right two at a time.
    @inline(__always) private static func writeDecimal(_ v: Int64, at p: UnsafeMutablePointer<UInt8>,
                                                       pairs digitPairs: UnsafePointer<UInt8>) -> UnsafeMutablePointer<UInt8> {
        var p = p
        if v < 0 { p.pointee = UInt8(ascii: "-"); p += 1 }
        var m = v.magnitude
        // An Int64's magnitude has at most 19 digits, so `limit` never overflows.
        var digits = 1
        var limit: UInt64 = 10
        while digits < 19 && m >= limit {
            digits += 1
            limit &*= 10
        }
        let end = p + digits
        var q = end
        while m >= 100 {
            let pair = Int(m % 100) * 2
            m /= 100
            q -= 2
            q[0] = digitPairs[pair]
            q[1] = digitPairs[pair + 1]
        }
        if m >= 10 {
            q -= 2
            q[0] = digitPairs[Int(m) * 2]
            q[1] = digitPairs[Int(m) * 2 + 1]
        } else {
            q -= 1
            q[0] = UInt8(ascii: "0") + UInt8(m)
        }
        return end
    }

    /// "00" "01" … "99".
    private static let digitPairs: [UInt8] = (0..<100).flatMap { [UInt8(ascii: "0") + UInt8($0 / 10), UInt8(ascii: "0") + UInt8($0 % 10)] }
}
