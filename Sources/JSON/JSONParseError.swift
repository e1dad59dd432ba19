/// Why a document is not JSON, with the byte offset (0-based) where the parser found out.
public enum JSONParseError: Error, Equatable, CustomStringConvertible {
    case unexpectedEndOfInput(offset: Int)
    case unexpectedCharacter(UInt8, offset: Int)
    case invalidNumber(offset: Int)
    case invalidEscape(offset: Int)
    case invalidUnicodeEscape(offset: Int)
    case invalidUTF8(offset: Int)
    case controlCharacterInString(offset: Int)
    case trailingData(offset: Int)
    case nestingTooDeep(offset: Int)

    public var offset: Int {
        switch self {
        case .unexpectedEndOfInput(let o), .unexpectedCharacter(_, let o), .invalidNumber(let o),
             .invalidEscape(let o), .invalidUnicodeEscape(let o), .invalidUTF8(let o),
             .controlCharacterInString(let o), .trailingData(let o), .nestingTooDeep(let o):
            return o
        }
    }

    public var description: String {
        switch self {
        case .unexpectedEndOfInput(let o): return "Unexpected end of input at offset \(o)"
        case .unexpectedCharacter(let b, let o): return "Unexpected character \(Self.show(b)) at offset \(o)"
        case .invalidNumber(let o): return "Invalid number at offset \(o)"
        case .invalidEscape(let o): return "Invalid escape sequence at offset \(o)"
        case .invalidUnicodeEscape(let o): return "Invalid unicode escape at offset \(o)"
        case .invalidUTF8(let o): return "Invalid UTF-8 at offset \(o)"
        case .controlCharacterInString(let o): return "Unescaped control character in string at offset \(o)"
        case .trailingData(let o): return "Unexpected data after the JSON value at offset \(o)"
        case .nestingTooDeep(let o): return "Nesting too deep at offset \(o)"
        }
    }

    private static func show(_ b: UInt8) -> String {
        if b >= 0x21 && b < 0x7F { return "'\(Character(Unicode.Scalar(b)))'" }
        let hex = String(b, radix: 16, uppercase: true)
        return "0x" + (hex.count < 2 ? "0" + hex : hex)
    }
}
