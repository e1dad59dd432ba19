/// A rollup row holds 32 consecutive days (days since 1970-01-01: block = day >> 5, slot = day & 31),
/// so a 365-day query steps through 12–13 rows instead of 365: per row, SQLite's B-tree step and
/// TEXT key comparisons cost far more than reading the packed counts.
///
/// The counts are a BLOB of little-endian Int64s, one per slot, trailing zero slots left out.
enum RollupBlock {
    static let days = 32

    @inline(__always) static func block(ofDay day: Int64) -> Int64 { day >> 5 }
    @inline(__always) static func slot(ofDay day: Int64) -> Int { Int(day & 31) }

    /// The BLOB for `counts` (`days` slots).
    static func encode(_ counts: ArraySlice<Int64>) -> [UInt8] {
        let used = (counts.lastIndex { $0 != 0 } ?? counts.startIndex - 1) - counts.startIndex + 1
        var bytes = [UInt8](repeating: 0, count: used * 8)
        bytes.withUnsafeMutableBytes { out in
            for i in 0..<used {
                out.storeBytes(of: counts[counts.startIndex + i].littleEndian, toByteOffset: i * 8, as: Int64.self)
            }
        }
        return bytes
    }

    /// Adds a stored BLOB's counts to `sums` (`days` slots).
    @inline(__always) static func accumulate(_ blob: UnsafeRawBufferPointer, into sums: UnsafeMutableBufferPointer<Int64>) {
        let n = min(blob.count / 8, days, sums.count)
        for i in 0..<n {
            sums[i] += Int64(littleEndian: blob.loadUnaligned(fromByteOffset: i * 8, as: Int64.self))
        }
    }
}
