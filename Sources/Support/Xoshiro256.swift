/// xoshiro256** (Blackman & Vigna), seeded through SplitMix64: a small, fast PRNG whose output
/// depends only on the seed, on every platform and Swift version (unlike SystemRandomNumberGenerator
/// or the standard library's distribution helpers).
public struct Xoshiro256 {
    private var s0, s1, s2, s3: UInt64

    public init(seed: UInt64) {
        var sm = seed
        func splitMix() -> UInt64 {
            sm &+= 0x9E37_79B9_7F4A_7C15
            var z = sm
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s0 = splitMix(); s1 = splitMix(); s2 = splitMix(); s3 = splitMix()
    }

    @inline(__always) public mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = s3 << 45 | s3 >> 19
        return result
    }

    /// Uniform in [0, 1) with 53 bits.
    @inline(__always) public mutating func unit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// True with probability `p`.
    @inline(__always) public mutating func chance(_ p: Double) -> Bool { unit() < p }

    /// Whether a rule with probability `p` fires: draws only for 0 < p < 1, so rules that always
    /// or never fire do not shift the sequence the others see.
    public mutating func fires(probability p: Double) -> Bool {
        p >= 1 || (p > 0 && chance(p))
    }

    /// Uniform integer in [lo, hi] (Lemire's multiply-shift; the tiny bias is irrelevant here and
    /// keeps the draw count fixed, which keeps outputs stable).
    @inline(__always) public mutating func int(_ lo: Int64, _ hi: Int64) -> Int64 {
        let span = UInt64(hi - lo) &+ 1
        if span == 0 { return Int64(bitPattern: next()) }
        return lo + Int64(next().multipliedFullWidth(by: span).high)
    }

    /// An index drawn with the given cumulative weights (last element = total).
    @inline(__always) public mutating func pick(cumulative: [Double]) -> Int {
        let x = unit() * cumulative[cumulative.count - 1]
        var i = 0
        while i < cumulative.count - 1 && x >= cumulative[i] { i += 1 }
        return i
    }
}
