/// A rollup row holds 32 consecutive days (days since 1970-01-01: block = day >> 5, slot = day & 31),
/// so a 365-day query steps through 12–13 rows instead of 365: per row, SQLite's B-tree step and
/// TEXT key comparisons cost far more than reading the packed counts.
///
/// The counts are a BLOB: a little-endian UInt32 with bit i set when slot i is nonzero, then the
/// nonzero counts as little-endian Int64s in slot order. A block with one day of data (sparse
/// traffic: many identities, few days each) is 12 bytes, not 256.
enum RollupBlock {
    static let days = 32

    @inline(__always) static func block(ofDay day: Int64) -> Int64 { day >> 5 }
    @inline(__always) static func slot(ofDay day: Int64) -> Int { Int(day & 31) }
    @inline(__always) static func firstDay(ofBlock block: Int64) -> Int64 { block << 5 }

    /// The BLOB for `counts` (`days` slots).
    static func encode(_ counts: ArraySlice<Int64>) -> [UInt8] {
        var mask: UInt32 = 0
        for i in 0..<days where counts[counts.startIndex + i] != 0 { mask |= 1 << UInt32(i) }
        var bytes = [UInt8](repeating: 0, count: 4 + mask.nonzeroBitCount * 8)
        bytes.withUnsafeMutableBytes { out in
            out.storeBytes(of: mask.littleEndian, toByteOffset: 0, as: UInt32.self)
            var offset = 4
            for i in 0..<days where mask & (1 << UInt32(i)) != 0 {
                out.storeBytes(of: counts[counts.startIndex + i].littleEndian, toByteOffset: offset, as: Int64.self)
                offset += 8
            }
        }
        return bytes
    }

    /// Adds a stored BLOB's counts to `sums` (`days` slots). A BLOB shorter than its mask says
    /// (a damaged file) adds what it holds.
    @inline(__always) static func accumulate(_ blob: UnsafeRawBufferPointer, into sums: UnsafeMutableBufferPointer<Int64>) {
        guard blob.count >= 4 else { return }
        var mask = UInt32(littleEndian: blob.loadUnaligned(fromByteOffset: 0, as: UInt32.self))
        var offset = 4
        while mask != 0 && offset + 8 <= blob.count {
            let slot = mask.trailingZeroBitCount
            if slot < sums.count {
                sums[slot] += Int64(littleEndian: blob.loadUnaligned(fromByteOffset: offset, as: Int64.self))
            }
            offset += 8
            mask &= mask - 1
        }
    }
}
