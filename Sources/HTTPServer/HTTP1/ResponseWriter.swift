/// Serialises a response head and body into one buffer, so it leaves in a single send
/// (two writes without TCP_NODELAY would wait for a delayed ACK).
public enum ResponseWriter {
    /// - Parameters:
    ///   - omitBody: true for HEAD: the head keeps the `Content-Length` GET would have.
    ///   - close: adds `Connection: close`; `keepAliveHTTP10` adds `Connection: keep-alive`.
    public static func serialize(_ response: HTTPResponse, omitBody: Bool, close: Bool,
                                 keepAliveHTTP10: Bool = false, date: String = HTTPDate.now()) -> [UInt8] {
        var out: [UInt8] = []
        serialize(response, omitBody: omitBody, close: close, keepAliveHTTP10: keepAliveHTTP10, date: date, into: &out)
        return out
    }

    /// The same, appended to `out`: a connection reuses one output buffer for all its responses.
    /// Byte by byte rather than by string interpolation: this runs for every response.
    static func serialize(_ response: HTTPResponse, omitBody: Bool, close: Bool, keepAliveHTTP10: Bool,
                          date: String, into out: inout [UInt8]) {
        out.reserveCapacity(out.count + 160 + response.headers.count * 48 + (omitBody ? 0 : response.body.count))
        out.append(contentsOf: http11)
        appendDecimal(response.status.code, to: &out)
        out.append(ASCII.space)
        appendUTF8(response.status.reason, to: &out)
        out.append(contentsOf: crlf)
        for (name, value) in response.headers where !isFramingField(name) {
            appendUTF8(name, to: &out)
            out.append(contentsOf: colonSpace)
            appendFieldValue(value, to: &out)
            out.append(contentsOf: crlf)
        }
        out.append(contentsOf: dateField)
        appendUTF8(date, to: &out)
        out.append(contentsOf: contentLengthField)
        appendDecimal(response.body.count, to: &out)
        out.append(contentsOf: crlf)
        if close {
            out.append(contentsOf: connectionClose)
        } else if keepAliveHTTP10 {
            out.append(contentsOf: connectionKeepAlive)
        }
        out.append(contentsOf: crlf)
        if !omitBody { out.append(contentsOf: response.body) }
    }

    private static let http11 = Array("HTTP/1.1 ".utf8)
    private static let crlf = Array("\r\n".utf8)
    private static let colonSpace = Array(": ".utf8)
    private static let dateField = Array("Date: ".utf8)
    private static let contentLengthField = Array("\r\nContent-Length: ".utf8)
    private static let connectionClose = Array("Connection: close\r\n".utf8)
    private static let connectionKeepAlive = Array("Connection: keep-alive\r\n".utf8)

    /// Content-Length, Transfer-Encoding, Connection, Date: the writer's own fields.
    private static func isFramingField(_ name: String) -> Bool {
        switch name.utf8.count {
        case 4: return name.equalsIgnoringASCIICase("date")
        case 10: return name.equalsIgnoringASCIICase("connection")
        case 14: return name.equalsIgnoringASCIICase("content-length")
        case 17: return name.equalsIgnoringASCIICase("transfer-encoding")
        default: return false
        }
    }

    /// The string's bytes in one copy, not element by element through its UTF-8 view.
    private static func appendUTF8(_ text: String, to out: inout [UInt8]) {
        var text = text
        text.withUTF8 { out.append(contentsOf: $0) }
    }

    private static func appendFieldValue(_ value: String, to out: inout [UInt8]) {
        var value = value
        value.withUTF8 { bytes in
            if bytes.contains(where: { $0 == ASCII.cr || $0 == ASCII.lf }) {
                // A handler's value with CR or LF would split the response: drop those bytes.
                for byte in bytes where byte != ASCII.cr && byte != ASCII.lf { out.append(byte) }
            } else {
                out.append(contentsOf: bytes)
            }
        }
    }

    private static func appendDecimal(_ value: Int, to out: inout [UInt8]) {
        guard value > 0 else {
            out.append(UInt8(ascii: "0"))
            return
        }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &digits) { buffer in
            var v = value, i = buffer.count
            while v > 0 {
                i -= 1
                buffer[i] = UInt8(48 + v % 10)
                v /= 10
            }
            out.append(contentsOf: buffer[i...])
        }
    }

    public static let continueResponse: [UInt8] = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)
}
