import Testing
@testable import JSON

private func parse(_ s: String, maxDepth: Int = 64) throws(JSONParseError) -> JSONValue {
    try JSONParser.parse(Array(s.utf8), maxDepth: maxDepth)
}

private func parseError(_ bytes: [UInt8], maxDepth: Int = 64) -> JSONParseError? {
    do { _ = try JSONParser.parse(bytes, maxDepth: maxDepth); return nil } catch { return error }
}

private func parseError(_ s: String, maxDepth: Int = 64) -> JSONParseError? {
    parseError(Array(s.utf8), maxDepth: maxDepth)
}

private func num(_ s: String) -> JSONValue { .number(JSONNumber(text: s)) }

@Suite struct JSONParserAcceptsTests {
    @Test func scalars_parse() throws {
        #expect(try parse("null") == .null)
        #expect(try parse("true") == .bool(true))
        #expect(try parse("false") == .bool(false))
        #expect(try parse("\"hi\"") == .string("hi"))
        #expect(try parse("0") == num("0"))
        #expect(try parse("-0") == num("-0"))
        #expect(try parse("-12.5e+3") == num("-12.5e+3"))
    }

    @Test func surroundingWhitespace_isAllowed() throws {
        #expect(try parse(" \t\r\n 1 \t\r\n") == num("1"))
    }

    @Test func nestedStructures_parseInOrder() throws {
        let v = try parse(#"{"a":[1,{"b":null}],"c":"d","e":{}, "f":[]}"#)
        guard case .object(let o) = v else { Issue.record("not an object"); return }
        #expect(o.keys == ["a", "c", "e", "f"])
        #expect(o["a"] == .array([num("1"), .object(JSONObject(members: [(key: "b", value: .null)]))]))
        #expect(o["c"] == .string("d"))
        #expect(o["e"] == .object(JSONObject(members: [])))
        #expect(o["f"] == .array([]))
        #expect(o["zz"] == nil)
    }

    @Test func duplicateKeys_areKept_lastWinsOnLookup() throws {
        guard case .object(let o) = try parse(#"{"a":1,"a":2}"#) else { Issue.record("not an object"); return }
        #expect(o.members.count == 2)
        #expect(o.keys == ["a", "a"])
        #expect(o["a"] == num("2"))
    }

    @Test func objectEquality_isOrderSensitive() throws {
        #expect(try parse(#"{"a":1,"b":2}"#) == parse(#"{"a":1,"b":2}"#))
        #expect(try parse(#"{"a":1,"b":2}"#) != parse(#"{"b":2,"a":1}"#))
        #expect(try parse(#"{"a":1}"#) != parse(#"{"a":1,"a":1}"#))
    }

    @Test func simpleEscapes_decode() throws {
        #expect(try parse(#""\"\\\/\b\f\n\r\t""#) == .string("\"\\/\u{8}\u{C}\n\r\t"))
    }

    @Test func unicodeEscapes_decode() throws {
        #expect(try parse(#""\u0041\u00e9\u20AC""#) == .string("Aé€"))
        #expect(try parse(#""\u0000""#) == .string("\u{0}"))
    }

    @Test func surrogatePairEscape_decodesToOneScalar() throws {
        #expect(try parse(#""\uD83D\uDE00""#) == .string("😀"))
        #expect(try parse(#""\ud834\udd1e""#) == .string("𝄞"))
    }

    @Test func multiByteUTF8_isAccepted() throws {
        #expect(try parse("\"é€😀中\"") == .string("é€😀中"))
        // boundaries of each UTF-8 length class
        #expect(try parse("\"\u{80}\u{7FF}\u{800}\u{FFFF}\u{10000}\u{10FFFF}\"") == .string("\u{80}\u{7FF}\u{800}\u{FFFF}\u{10000}\u{10FFFF}"))
    }

    @Test func mixedEscapesAndUTF8_decode() throws {
        #expect(try parse(#""a\né\"b""#) == .string("a\né\"b"))
    }

    @Test func depthLimit_allowsExactlyMaxDepth() throws {
        let ok = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        #expect(throws: Never.self) { try parse(ok) }
        let objs = String(repeating: "{\"a\":", count: 3) + "1" + String(repeating: "}", count: 3)
        #expect(throws: Never.self) { try parse(objs, maxDepth: 3) }
    }

    @Test func rawBufferOverload_parses() throws {
        let bytes = Array("[1,2]".utf8)
        let v = try bytes.withUnsafeBytes { raw throws(JSONParseError) in try JSONParser.parse(raw) }
        #expect(v == .array([num("1"), num("2")]))
    }

    @Test func emptyBuffer_isEndOfInput() {
        #expect(parseError([]) == .unexpectedEndOfInput(offset: 0))
        #expect(throws: JSONParseError.unexpectedEndOfInput(offset: 0)) {
            try JSONParser.parse(UnsafeRawBufferPointer(start: nil, count: 0))
        }
    }
}

@Suite struct JSONParserRejectsTests {
    @Test func trailingData_isRejected() {
        #expect(parseError("1 2") == .trailingData(offset: 2))
        #expect(parseError("{} x") == .trailingData(offset: 3))
        #expect(parseError("nulll") == .trailingData(offset: 4))
    }

    @Test func comments_areRejected() {
        #expect(parseError("// c\n1") == .unexpectedCharacter(UInt8(ascii: "/"), offset: 0))
        #expect(parseError("[1 /* c */]") == .unexpectedCharacter(UInt8(ascii: "/"), offset: 3))
    }

    @Test func singleQuotes_areRejected() {
        #expect(parseError("'a'") == .unexpectedCharacter(UInt8(ascii: "'"), offset: 0))
        #expect(parseError("{'a':1}") == .unexpectedCharacter(UInt8(ascii: "'"), offset: 1))
    }

    @Test func trailingCommas_areRejected() {
        #expect(parseError("[1,]") == .unexpectedCharacter(UInt8(ascii: "]"), offset: 3))
        #expect(parseError(#"{"a":1,}"#) == .unexpectedCharacter(UInt8(ascii: "}"), offset: 7))
        #expect(parseError("[,1]") == .unexpectedCharacter(UInt8(ascii: ","), offset: 1))
    }

    @Test func missingSeparators_areRejected() {
        #expect(parseError("[1 2]") == .unexpectedCharacter(UInt8(ascii: "2"), offset: 3))
        #expect(parseError(#"{"a" 1}"#) == .unexpectedCharacter(UInt8(ascii: "1"), offset: 5))
        #expect(parseError(#"{"a":1 "b":2}"#) == .unexpectedCharacter(UInt8(ascii: "\""), offset: 7))
        #expect(parseError("{1:2}") == .unexpectedCharacter(UInt8(ascii: "1"), offset: 1))
    }

    @Test func nonFiniteLiterals_areRejected() {
        #expect(parseError("NaN") == .unexpectedCharacter(UInt8(ascii: "N"), offset: 0))
        #expect(parseError("Infinity") == .unexpectedCharacter(UInt8(ascii: "I"), offset: 0))
        #expect(parseError("-Infinity") == .invalidNumber(offset: 0))
    }

    @Test func badLiterals_areRejected() {
        #expect(parseError("tru") == .unexpectedEndOfInput(offset: 3))
        #expect(parseError("trUe") == .unexpectedCharacter(UInt8(ascii: "U"), offset: 2))
        #expect(parseError("nul") == .unexpectedEndOfInput(offset: 3))
        #expect(parseError("True") == .unexpectedCharacter(UInt8(ascii: "T"), offset: 0))
    }

    @Test func leadingZeros_areRejected() {
        #expect(parseError("01") == .invalidNumber(offset: 0))
        #expect(parseError("-01") == .invalidNumber(offset: 0))
        #expect(parseError("[00]") == .invalidNumber(offset: 1))
    }

    @Test func malformedNumbers_areRejected() {
        #expect(parseError("+1") == .unexpectedCharacter(UInt8(ascii: "+"), offset: 0))
        #expect(parseError(".5") == .unexpectedCharacter(UInt8(ascii: "."), offset: 0))
        #expect(parseError("1.") == .invalidNumber(offset: 0))
        #expect(parseError("1.e5") == .invalidNumber(offset: 0))
        #expect(parseError("1e") == .invalidNumber(offset: 0))
        #expect(parseError("1e+") == .invalidNumber(offset: 0))
        #expect(parseError("-") == .invalidNumber(offset: 0))
        #expect(parseError("- 1") == .invalidNumber(offset: 0))
        #expect(parseError("0x1F") == .trailingData(offset: 1))
        #expect(parseError("1.5.2") == .trailingData(offset: 3))
        #expect(parseError("[1e5x]") == .unexpectedCharacter(UInt8(ascii: "x"), offset: 4))
    }

    @Test func invalidEscapes_areRejected() {
        #expect(parseError(#""\x""#) == .invalidEscape(offset: 1))
        #expect(parseError(#""\'""#) == .invalidEscape(offset: 1))
        #expect(parseError(#""ab\U0041""#) == .invalidEscape(offset: 3))
    }

    @Test func invalidUnicodeEscapes_areRejected() {
        #expect(parseError(#""\u12G4""#) == .invalidUnicodeEscape(offset: 1))
        #expect(parseError(#""\u12""#) == .invalidUnicodeEscape(offset: 1))
    }

    @Test func loneSurrogateEscapes_areRejected() {
        #expect(parseError(#""\uD800""#) == .invalidUnicodeEscape(offset: 1))
        #expect(parseError(#""\uDC00""#) == .invalidUnicodeEscape(offset: 1))
        #expect(parseError(#""\uD800\u0041""#) == .invalidUnicodeEscape(offset: 1))
        #expect(parseError(#""\uD800\uD800""#) == .invalidUnicodeEscape(offset: 1))
        #expect(parseError(#""\uD800\n""#) == .invalidUnicodeEscape(offset: 1))
        #expect(parseError(#""x\uDFFFy""#) == .invalidUnicodeEscape(offset: 2))
    }

    @Test func invalidUTF8_isRejected() {
        let q = UInt8(ascii: "\"")
        #expect(parseError([q, 0xFF, q]) == .invalidUTF8(offset: 1))            // never valid
        #expect(parseError([q, 0x80, q]) == .invalidUTF8(offset: 1))            // lone continuation
        #expect(parseError([q, 0xC0, 0xAF, q]) == .invalidUTF8(offset: 1))      // overlong "/"
        #expect(parseError([q, 0xC1, 0xBF, q]) == .invalidUTF8(offset: 1))      // overlong
        #expect(parseError([q, 0xE0, 0x80, 0xAF, q]) == .invalidUTF8(offset: 1)) // overlong 3-byte
        #expect(parseError([q, 0xF0, 0x80, 0x80, 0xAF, q]) == .invalidUTF8(offset: 1)) // overlong 4-byte
        #expect(parseError([q, 0xED, 0xA0, 0x80, q]) == .invalidUTF8(offset: 1)) // encoded surrogate U+D800
        #expect(parseError([q, 0xF4, 0x90, 0x80, 0x80, q]) == .invalidUTF8(offset: 1)) // > U+10FFFF
        #expect(parseError([q, 0xF5, 0x80, 0x80, 0x80, q]) == .invalidUTF8(offset: 1))
        #expect(parseError([q, 0x61, 0xC3, q]) == .invalidUTF8(offset: 2))      // truncated sequence
        #expect(parseError([q, 0xE2, 0x82]) == .invalidUTF8(offset: 1))         // truncated at end of input
    }

    @Test func invalidUTF8OutsideStrings_isRejectedAsUnexpectedCharacter() {
        #expect(parseError([0xEF, 0xBB, 0xBF, 0x31]) == .unexpectedCharacter(0xEF, offset: 0)) // BOM is not JSON whitespace
    }

    @Test func controlCharactersInStrings_areRejected() {
        #expect(parseError("\"a\tb\"") == .controlCharacterInString(offset: 2))
        #expect(parseError("\"a\nb\"") == .controlCharacterInString(offset: 2))
        #expect(parseError([UInt8(ascii: "\""), 0x00, UInt8(ascii: "\"")]) == .controlCharacterInString(offset: 1))
        #expect(parseError("\"\u{1F}\"") == .controlCharacterInString(offset: 1))
        #expect(parseError("\"é\u{1F}\"") == .controlCharacterInString(offset: 3))
        // DEL (0x7F) is not a control character in JSON's sense
        #expect(throws: Never.self) { try parse("\"\u{7F}\"") }
    }

    @Test func nonJSONWhitespace_isRejected() {
        #expect(parseError("\u{0C}1") == .unexpectedCharacter(0x0C, offset: 0))
        #expect(parseError("1\u{0B}") == .trailingData(offset: 1))
        #expect(parseError("\u{A0}1") == .unexpectedCharacter(0xC2, offset: 0))
    }

    @Test func unterminatedInput_isEndOfInput() {
        #expect(parseError("\"abc") == .unexpectedEndOfInput(offset: 4))
        #expect(parseError("\"ab\\") == .unexpectedEndOfInput(offset: 4))
        #expect(parseError("\"\\u00") == .unexpectedEndOfInput(offset: 5))
        #expect(parseError("\"\\uD800") == .unexpectedEndOfInput(offset: 7))
        #expect(parseError("[1,") == .unexpectedEndOfInput(offset: 3))
        #expect(parseError("[") == .unexpectedEndOfInput(offset: 1))
        #expect(parseError("{") == .unexpectedEndOfInput(offset: 1))
        #expect(parseError(#"{"a""#) == .unexpectedEndOfInput(offset: 4))
        #expect(parseError(#"{"a":"#) == .unexpectedEndOfInput(offset: 5))
        #expect(parseError(#"{"a":1"#) == .unexpectedEndOfInput(offset: 6))
        #expect(parseError("   ") == .unexpectedEndOfInput(offset: 3))
    }

    @Test func everyPrefixOfADocument_isRejectedAndNeverCrashes() {
        let doc = Array(#"{"k":[1,-2.5e3,"é\u00e9\uD83D\uDE00",true,false,null,{}],"z":"x"}"#.utf8)
        for n in 0..<doc.count {
            #expect(parseError(Array(doc[0..<n])) != nil, "prefix of length \(n) was accepted")
        }
        #expect(parseError(doc) == nil)
    }

    @Test func everySingleByteDocument_isValidOnlyForDigits() {
        for b in UInt8(0)...UInt8(255) {
            let e = parseError([b])
            if b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") {
                #expect(e == nil, "byte \(b)")
            } else if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D {
                #expect(e == .unexpectedEndOfInput(offset: 1), "byte \(b)")
            } else if b == UInt8(ascii: "-") {
                #expect(e == .invalidNumber(offset: 0))
            } else if b == UInt8(ascii: "\"") || b == UInt8(ascii: "[") || b == UInt8(ascii: "{") || b == UInt8(ascii: "t") || b == UInt8(ascii: "f") || b == UInt8(ascii: "n") {
                #expect(e == .unexpectedEndOfInput(offset: 1), "byte \(b)")
            } else {
                #expect(e == .unexpectedCharacter(b, offset: 0), "byte \(b)")
            }
        }
    }

    @Test func readerPrimitives_readInPlace() throws {
        let bytes = Array(#" {"k": "plain", "e": "a\nb", "n": -12.5e1} "#.utf8)
        try bytes.withUnsafeBytes { raw in
            var r = JSONReader(raw)
            r.skipWhitespace()
            try r.expect(UInt8(ascii: "{"))
            #expect(String(decoding: r.scanSimpleString()!, as: UTF8.self) == "k")
            try r.expect(UInt8(ascii: ":")); r.skipWhitespace()
            #expect(String(decoding: r.scanSimpleString()!, as: UTF8.self) == "plain")
            try r.expect(UInt8(ascii: ",")); r.skipWhitespace()
            _ = r.scanSimpleString(); try r.expect(UInt8(ascii: ":")); r.skipWhitespace()
            #expect(r.scanSimpleString() == nil)          // has an escape: nothing consumed
            #expect(try r.parseString() == "a\nb")
            try r.expect(UInt8(ascii: ",")); r.skipWhitespace()
            _ = r.scanSimpleString(); try r.expect(UInt8(ascii: ":")); r.skipWhitespace()
            let range = try r.scanNumber()
            #expect(JSONNumber.exactInteger(r.bytes(range)) == -125)
            try r.expect(UInt8(ascii: "}"))
            try r.expectEnd()
            #expect(r.isAtEnd)
        }
    }

    @Test func nestingBeyondMaxDepth_isRejected() {
        let deep = String(repeating: "[", count: 65) + String(repeating: "]", count: 65)
        #expect(parseError(deep) == .nestingTooDeep(offset: 64))
        #expect(parseError(#"{"a":{"b":1}}"#, maxDepth: 1) == .nestingTooDeep(offset: 5))
        // deep enough to overflow a naive recursive parser's stack
        let huge = String(repeating: "[", count: 100_000)
        #expect(parseError(huge) == .nestingTooDeep(offset: 64))
    }

    @Test func errorDescriptions_nameCharacterAndOffset() {
        #expect(JSONParseError.unexpectedCharacter(UInt8(ascii: "x"), offset: 12).description == "Unexpected character 'x' at offset 12")
        #expect(JSONParseError.unexpectedCharacter(0x01, offset: 0).description == "Unexpected character 0x01 at offset 0")
        #expect(JSONParseError.invalidNumber(offset: 3).description.contains("offset 3"))
        #expect(JSONParseError.trailingData(offset: 7).offset == 7)
    }
}
