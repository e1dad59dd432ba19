/// The parts of a raw MIME message (RFC 5322) SendEmail needs: its sender, recipients and
/// subject, read from the header section.
package struct RawMessage: Sendable {
    /// The message as text (what the inspection endpoint shows as `RawData`).
    package let text: String
    package let from: String?
    package let to: [String]
    package let cc: [String]
    package let bcc: [String]
    package let subject: String?
    /// Every header field, names in lower case, in order.
    private let fields: [(name: String, value: String)]

    /// The first value of a header field (any case of its name), nil when absent.
    package func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return fields.first { $0.name == wanted }?.value
    }

    package init(bytes: [UInt8]) {
        text = String(decoding: bytes, as: UTF8.self)
        var fields: [(name: String, value: String)] = []
        // By bytes: a String sees "\r\n" as one Character, never equal to "\n".
        for rawLine in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            let line = Substring(decoding: rawLine.last == UInt8(ascii: "\r") ? rawLine.dropLast() : rawLine, as: UTF8.self)
            if line.isEmpty { break }   // the end of the header section
            if line.first == " " || line.first == "\t" {
                // RFC 5322 §2.2.3: a folded line continues the field before it.
                if !fields.isEmpty { fields[fields.count - 1].value += " " + line.drop { $0 == " " || $0 == "\t" } }
                continue
            }
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields.append((line[..<colon].lowercased(), String(line[line.index(after: colon)...].drop { $0 == " " || $0 == "\t" })))
        }
        func field(_ name: String) -> String? { fields.first { $0.name == name }?.value }
        func addresses(_ name: String) -> [String] { fields.filter { $0.name == name }.flatMap { Self.splitAddresses($0.value) } }
        from = field("from")
        to = addresses("to")
        cc = addresses("cc")
        bcc = addresses("bcc")
        subject = field("subject")
        self.fields = fields
    }

    /// Splits an address list at commas outside quotes and angle brackets.
    package static func splitAddresses(_ list: String) -> [String] {
        var out: [String] = []
        var current = ""
        var quoted = false, angle = false
        for c in list {
            switch c {
            case "\"": quoted.toggle()
            case "<" where !quoted: angle = true
            case ">" where !quoted: angle = false
            case "," where !quoted && !angle:
                out.append(current)
                current = ""
                continue
            default: break
            }
            current.append(c)
        }
        out.append(current)
        return out.map { String($0.drop { $0 == " " || $0 == "\t" }) }.filter { !$0.isEmpty }
    }
}
