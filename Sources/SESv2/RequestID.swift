/// Request ids in the form AWS uses: a random (version 4) UUID, lower-case.
enum RequestID {
    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    /// Two 8-byte reads of the system generator per id (`UInt8.random` per byte made 16 getrandom(2)
    /// calls), written straight into the 36 ASCII bytes of the UUID.
    static func make() -> String {
        var g = SystemRandomNumberGenerator()
        var hi: UInt64 = g.next()
        var lo: UInt64 = g.next()
        hi = (hi & ~0xF000) | 0x4000                                     // version 4 (byte 6)
        lo = (lo & ~0xC000_0000_0000_0000) | 0x8000_0000_0000_0000       // RFC 4122 variant (byte 8)
        return String(unsafeUninitializedCapacity: 36) { out in
            var i = 0
            func put(_ v: UInt64, nibbles: Int) {
                var shift = (nibbles - 1) * 4
                while shift >= 0 {
                    out[i] = hex[Int((v >> UInt64(shift)) & 0xF)]
                    i += 1
                    shift -= 4
                }
            }
            put(hi >> 32, nibbles: 8); out[i] = 0x2D; i += 1
            put(hi >> 16, nibbles: 4); out[i] = 0x2D; i += 1
            put(hi, nibbles: 4); out[i] = 0x2D; i += 1
            put(lo >> 48, nibbles: 4); out[i] = 0x2D; i += 1
            put(lo, nibbles: 12)
            return i
        }
    }
}
