import Testing
@testable import JSON

@Suite struct JSONWriterTests {
    private func written(_ s: String) -> String {
        var out: [UInt8] = []
        JSONWriter.appendString(s, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    @Test func plainString_isQuoted() {
        #expect(written("abc") == "\"abc\"")
        #expect(written("") == "\"\"")
    }

    @Test func quoteBackslashAndControls_areEscaped() {
        #expect(written("a\"b\\c") == #""a\"b\\c""#)
        #expect(written("\n\r\t\u{8}\u{C}") == #""\n\r\t\b\f""#)
        #expect(written("\u{0}\u{1F}") == #""\u0000\u001f""#)
    }

    @Test func nonASCII_isCopiedAsUTF8() {
        #expect(written("é😀/") == "\"é😀/\"")
    }

    @Test func writtenStrings_roundTripThroughParser() throws {
        let samples = ["", "x", "quote\"and\\slash", "\u{0}\u{1}\u{7F}", "😀 é \n\t", String(repeating: "ab\"", count: 100)]
        for s in samples {
            var out: [UInt8] = []
            JSONWriter.appendString(s, to: &out)
            #expect(try JSONParser.parse(out) == .string(s))
        }
    }

    @Test func appendIntArray_writesABracketedDecimalList() {
        let lists: [[Int64]] = [[], [0], [-1, 9, 10, 99, 100, 101, 1_730_419_200], [Int64.min, Int64.max, -100, 100_000]]
        for values in lists {
            var out: [UInt8] = Array("x".utf8)
            JSONWriter.appendIntArray(values, to: &out)
            #expect(String(decoding: out, as: UTF8.self) == "x[" + values.map { "\($0)" }.joined(separator: ",") + "]")
        }
        // Every width from 1 to 19 digits, both signs.
        var values: [Int64] = []
        var power: Int64 = 1
        for exponent in 0...18 {
            values += [power, power - 1, -power]
            if exponent < 18 { power *= 10 }
        }
        var out: [UInt8] = []
        JSONWriter.appendIntArray(values, to: &out)
        #expect(String(decoding: out, as: UTF8.self) == "[" + values.map { "\($0)" }.joined(separator: ",") + "]")
    }

    @Test func appendInt_writesDecimal() {
        for v: Int64 in [0, 7, -7, 10, 1_730_419_200, Int64.max, Int64.min] {
            var out: [UInt8] = Array("x".utf8)
            JSONWriter.appendInt(v, to: &out)
            #expect(String(decoding: out, as: UTF8.self) == "x\(v)")
        }
    }
}
