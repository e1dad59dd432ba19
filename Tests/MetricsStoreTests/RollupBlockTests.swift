import Testing
@testable import MetricsStore

@Suite struct RollupBlockTests {
    private func roundTrip(_ counts: [Int64]) -> [Int64] {
        let blob = RollupBlock.encode(counts[...])
        var sums = [Int64](repeating: 0, count: RollupBlock.days)
        blob.withUnsafeBytes { raw in
            sums.withUnsafeMutableBufferPointer { RollupBlock.accumulate(raw, into: $0) }
        }
        return sums
    }

    @Test func counts_surviveEncoding_sparseDenseAndEmpty() {
        var one = [Int64](repeating: 0, count: 32)
        one[31] = 7
        var dense = (0..<32).map { Int64($0) * 1_000_000_007 }
        dense[0] = 1
        let empty = [Int64](repeating: 0, count: 32)
        for counts in [one, dense, empty] { #expect(roundTrip(counts) == counts) }
    }

    @Test func aBlockWithOneDay_isTwelveBytes() {
        var counts = [Int64](repeating: 0, count: 32)
        counts[17] = 3
        #expect(RollupBlock.encode(counts[...]).count == 12)
        #expect(RollupBlock.encode([Int64](repeating: 1, count: 32)[...]).count == 4 + 32 * 8)
    }

    @Test func aTruncatedBlob_addsWhatItHolds_withoutReadingPastItsEnd() {
        var counts = [Int64](repeating: 0, count: 32)
        counts[2] = 5
        counts[9] = 6
        let blob = Array(RollupBlock.encode(counts[...]).dropLast(3))
        var sums = [Int64](repeating: 0, count: 32)
        blob.withUnsafeBytes { raw in sums.withUnsafeMutableBufferPointer { RollupBlock.accumulate(raw, into: $0) } }
        #expect(sums[2] == 5 && sums[9] == 0)
        [UInt8]([1, 0]).withUnsafeBytes { raw in sums.withUnsafeMutableBufferPointer { RollupBlock.accumulate(raw, into: $0) } }
        #expect(sums.reduce(0, +) == 5)
    }

    @Test func blocks_mapDaysBothSidesOfTheEpoch() {
        for day: Int64 in [-33, -32, -1, 0, 31, 32, 20_000] {
            let block = RollupBlock.block(ofDay: day)
            #expect(RollupBlock.firstDay(ofBlock: block) + Int64(RollupBlock.slot(ofDay: day)) == day)
        }
    }
}
