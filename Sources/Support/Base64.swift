/// RFC 4648 §4 base64, as restJson1 carries blobs. Decoding is strict: the standard alphabet,
/// padding to a multiple of four, no whitespace; anything else is nil (the input is untrusted).
package enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    private static let values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (i, c) in alphabet.enumerated() { table[Int(c)] = UInt8(i) }
        return table
    }()

    package static func decode(_ text: String) -> [UInt8]? {
        let input = Array(text.utf8)
        guard input.count % 4 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(input.count / 4 * 3)
        var i = 0
        while i < input.count {
            let quad = input[i..<i + 4]
            let padding = quad.reversed().prefix { $0 == UInt8(ascii: "=") }.count
            // Padding only at the very end, at most two characters.
            guard padding <= 2, padding == 0 || i + 4 == input.count else { return nil }
            var bits: UInt32 = 0
            for (j, c) in quad.enumerated() {
                if j >= 4 - padding { bits <<= 6; continue }
                let v = values[Int(c)]
                guard v != 0xFF else { return nil }
                bits = bits << 6 | UInt32(v)
            }
            out.append(UInt8(truncatingIfNeeded: bits >> 16))
            if padding < 2 { out.append(UInt8(truncatingIfNeeded: bits >> 8)) }
            if padding < 1 { out.append(UInt8(truncatingIfNeeded: bits)) }
            i += 4
        }
        return out
    }

    package static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var i = 0
        while i < bytes.count {
            let n = min(3, bytes.count - i)
            var bits = UInt32(bytes[i]) << 16
            if n > 1 { bits |= UInt32(bytes[i + 1]) << 8 }
            if n > 2 { bits |= UInt32(bytes[i + 2]) }
            for j in 0..<4 {
                out.append(j <= n ? alphabet[Int(bits >> UInt32(18 - 6 * j) & 0x3F)] : UInt8(ascii: "="))
            }
            i += 3
        }
        return String(decoding: out, as: UTF8.self)
    }
}
