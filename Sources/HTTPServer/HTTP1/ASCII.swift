/// Byte classes of RFC 9110 §5.6 and RFC 9112, used by the parser and the header helpers.
enum ASCII {
    static let cr: UInt8 = 13
    static let lf: UInt8 = 10
    static let space: UInt8 = 32
    static let tab: UInt8 = 9
    static let colon: UInt8 = 58
    static let slash: UInt8 = 47
    static let question: UInt8 = 63
    static let ampersand: UInt8 = 38
    static let equals: UInt8 = 61
    static let percent: UInt8 = 37

    static func lowercased(_ b: UInt8) -> UInt8 {
        (b >= 65 && b <= 90) ? b + 32 : b
    }

    static func isOWS(_ b: UInt8) -> Bool { b == space || b == tab }

    static func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }

    static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case 48...57: return b - 48
        case 65...70: return b - 55
        case 97...102: return b - 87
        default: return nil
        }
    }

    /// tchar (RFC 9110 §5.6.2).
    static func isTokenChar(_ b: UInt8) -> Bool {
        switch b {
        case 48...57, 65...90, 97...122: return true
        case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"),
             UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."),
             UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"):
            return true
        default: return false
        }
    }

    /// field-content bytes: VCHAR, obs-text, SP and HTAB. Every other control byte (NUL, bare CR,
    /// LF, DEL...) is refused, since a proxy in front of us might read it differently (RFC 9110 §5.5).
    static func isFieldValueChar(_ b: UInt8) -> Bool {
        b == tab || (b >= 32 && b != 127)
    }

    /// Bytes allowed in a request-target: visible ASCII and obs-text are tolerated, no SP or controls.
    static func isTargetChar(_ b: UInt8) -> Bool {
        b > 32 && b != 127
    }
}
