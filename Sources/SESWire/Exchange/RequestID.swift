import Synchronization

/// Request ids in the form AWS uses: a version 4 UUID, lower-case. Unique and random-looking,
/// not unpredictable: one id reveals enough to compute the next ones, which is fine for an emulator
/// (they identify requests in logs, they guard nothing).
package enum RequestID {
    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)
    /// Keys drawn once from the system generator; each id mixes a counter with them. Two
    /// getrandom(2) calls per request were the most frequent syscall after futex under load.
    private static let keys: (UInt64, UInt64) = {
        var g = SystemRandomNumberGenerator()
        return (g.next(), g.next())
    }()
    private static let counter = Atomic<UInt64>(0)

    /// SplitMix64's finalizer: a bijection, so distinct counters give distinct 64-bit halves
    /// (the UUID's fixed version and variant bits leave a collision chance of about 2^-122).
    private static func mix(_ x: UInt64) -> UInt64 {
        var z = x
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    package static func make() -> String {
        let n = counter.add(1, ordering: .relaxed).newValue
        var hi = mix(n &+ keys.0)
        var lo = mix(n ^ keys.1)
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
