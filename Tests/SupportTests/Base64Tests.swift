import Testing
import Support

@Suite struct Base64Tests {
    @Test(arguments: [("", ""), ("Zg==", "f"), ("Zm8=", "fo"), ("Zm9v", "foo"), ("Zm9vYmFy", "foobar"), ("+/8=", "\u{FB}\u{FF}")])
    func rfc4648Vectors_decode(_ encoded: String, _ decoded: String) {
        let expected: [UInt8] = decoded.unicodeScalars.allSatisfy(\.isASCII) ? Array(decoded.utf8) : decoded.unicodeScalars.map { UInt8($0.value) }
        #expect(Base64.decode(encoded) == expected)
    }

    @Test(arguments: ["Zg=", "Zg", "Z===", "Zm9v\n", "Zm 9v", "Zg==Zg==", "Zm9-", "=Zg="])
    func malformedInput_isNil(_ text: String) {
        #expect(Base64.decode(text) == nil)
    }
}

@Suite struct Base64EncodeTests {
    @Test func encode_isRFC4648_andDecodesBack() {
        #expect(Base64.encode([]) == "")
        #expect(Base64.encode(Array("f".utf8)) == "Zg==")
        #expect(Base64.encode(Array("fo".utf8)) == "Zm8=")
        #expect(Base64.encode(Array("foobar".utf8)) == "Zm9vYmFy")
        let bytes = (0..<256).map { UInt8($0) }
        #expect(Base64.decode(Base64.encode(bytes)) == bytes)
    }
}
