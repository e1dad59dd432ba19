import Testing
import Support

@Suite struct Xoshiro256Tests {
    @Test func theSameSeed_givesTheSameSequence_andAnotherSeedAnother() {
        var a = Xoshiro256(seed: 7), b = Xoshiro256(seed: 7), c = Xoshiro256(seed: 8)
        let first = (0..<16).map { _ in a.next() }
        #expect(first == (0..<16).map { _ in b.next() })
        #expect(first != (0..<16).map { _ in c.next() })
    }

    @Test func unitAndInt_stayInTheirRanges() {
        var r = Xoshiro256(seed: 1)
        for _ in 0..<10_000 {
            let u = r.unit()
            #expect(u >= 0 && u < 1)
            let n = r.int(-3, 5)
            #expect(n >= -3 && n <= 5)
        }
    }
}
