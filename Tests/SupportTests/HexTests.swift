import Support
import Testing

@Suite struct HexTests {
    @Test func encode_isLowerCase_twoDigitsPerByte() {
        #expect(Hex.encode([0x00, 0x0f, 0xa5, 0xff]) == "000fa5ff")
        #expect(Hex.encode([]) == "")
    }

    @Test func value_readsEitherCase_andNothingElse() {
        let digits = Array("0123456789abcdefABCDEF".utf8)
        #expect(digits.map { Hex.value($0) } == (0...15).map(UInt8.init) + (10...15).map(UInt8.init))
        for byte in Array("gG/:@`%+ ".utf8) + [0x00, 0xff] { #expect(Hex.value(byte) == nil) }
    }
}
