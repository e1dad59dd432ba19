/// A JSON number kept as its literal text (RFC 8259 §6), so no precision is lost before the
/// caller decides whether it wants an integer or a double.
public struct JSONNumber: Sendable, Equatable {
    /// The literal exactly as written, e.g. "1730419200.0" or "-5e2".
    public let text: String

    /// Creates a number from literal text. The text is assumed to match the JSON number grammar;
    /// the parser guarantees that for numbers it produces.
    public init(text: String) {
        self.text = text
    }

    /// True if the literal has neither a fraction nor an exponent ("5", "-12").
    public var isIntegerLiteral: Bool {
        for b in text.utf8 where b == UInt8(ascii: ".") || b == UInt8(ascii: "e") || b == UInt8(ascii: "E") {
            return false
        }
        return true
    }

    /// The exact mathematical value if it is an integer that fits Int64 ("5", "5.000", "5e2",
    /// "1730419200.0", "-9223372036854775808"), else nil ("5.5", "1e19", "1e-1").
    public var integerValue: Int64? {
        var t = text
        return t.withUTF8 { JSONNumber.exactInteger($0) }
    }

    /// The nearest double; overflow gives ±infinity.
    public var doubleValue: Double {
        if let d = Double(text) { return d }
        return text.utf8.first == UInt8(ascii: "-") ? -.infinity : .infinity
    }

    /// Exact integer value of a JSON number literal given as UTF-8 bytes, or nil.
    @inlinable
    public static func exactInteger(_ s: UnsafeBufferPointer<UInt8>) -> Int64? {
        var i = 0
        let n = s.count
        var negative = false
        if i < n && s[i] == UInt8(ascii: "-") { negative = true; i += 1 }
        // Significant digits (integer and fraction parts together) without leading zeros.
        var digitsStart = -1
        var digitCount = 0            // significant digits kept in `mantissa` (up to the last non-zero)
        var pendingZeros = 0          // zeros seen after the last non-zero digit
        var fractionDigits = 0        // digits after '.', counting zeros
        var mantissa: UInt64 = 0
        var overflow = false
        var inFraction = false
        while i < n {
            let b = s[i]
            if b == UInt8(ascii: ".") { inFraction = true; i += 1; continue }
            if b == UInt8(ascii: "e") || b == UInt8(ascii: "E") { break }
            let d = b &- UInt8(ascii: "0")
            if d > 9 { return nil }
            if inFraction { fractionDigits += 1 }
            if d == 0 {
                if digitsStart >= 0 { pendingZeros += 1 }
            } else {
                if digitsStart < 0 { digitsStart = i }
                // Flush the zeros that turned out to be followed by a non-zero digit.
                while pendingZeros > 0 {
                    let (m, o) = mantissa.multipliedReportingOverflow(by: 10)
                    if o { overflow = true }
                    mantissa = m
                    pendingZeros -= 1
                    digitCount += 1
                }
                let (m, o) = mantissa.multipliedReportingOverflow(by: 10)
                let (m2, o2) = m.addingReportingOverflow(UInt64(d))
                if o || o2 { overflow = true }
                mantissa = m2
                digitCount += 1
            }
            i += 1
        }
        var exponent = 0
        if i < n {
            // exponent part
            i += 1
            var expNegative = false
            if i < n && (s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-")) { expNegative = s[i] == UInt8(ascii: "-"); i += 1 }
            var e = 0
            while i < n {
                let d = s[i] &- UInt8(ascii: "0")
                if d > 9 { return nil }
                if e < 100_000_000 { e = e * 10 + Int(d) }
                i += 1
            }
            exponent = expNegative ? -e : e
        }
        if digitsStart < 0 { return 0 }   // all zeros: 0, -0, 0.000, 0e5
        if overflow { return nil }
        // value = mantissa * 10^(exponent + pendingZeros - fractionDigits)
        let scale = exponent + pendingZeros - fractionDigits
        var value = mantissa
        if scale < 0 {
            return nil   // the last non-zero digit sits right of the decimal point
        }
        if scale > 19 { return nil }
        for _ in 0..<scale {
            let (m, o) = value.multipliedReportingOverflow(by: 10)
            if o { return nil }
            value = m
        }
        if negative {
            if value == UInt64(Int64.max) + 1 { return Int64.min }
            if value > UInt64(Int64.max) { return nil }
            return -Int64(value)
        }
        if value > UInt64(Int64.max) { return nil }
        return Int64(value)
    }
}
