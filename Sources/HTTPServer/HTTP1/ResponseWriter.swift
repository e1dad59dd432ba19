/// Serialises a response head and body into one buffer, so it leaves in a single send
/// (two writes without TCP_NODELAY would wait for a delayed ACK).
public enum ResponseWriter {
    private static let framingFields = ["content-length", "transfer-encoding", "connection", "date"]

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
    static func serialize(_ response: HTTPResponse, omitBody: Bool, close: Bool, keepAliveHTTP10: Bool,
                          date: String, into out: inout [UInt8]) {
        out.reserveCapacity(out.count + 160 + response.headers.count * 48 + (omitBody ? 0 : response.body.count))
        append("HTTP/1.1 \(response.status.code) \(response.status.reason)\r\n", to: &out)
        for (name, value) in response.headers where !framingFields.contains(where: name.equalsIgnoringASCIICase) {
            append(name, to: &out)
            append(": ", to: &out)
            // A handler's value with CR or LF would split the response: drop those bytes.
            for byte in value.utf8 where byte != ASCII.cr && byte != ASCII.lf { out.append(byte) }
            append("\r\n", to: &out)
        }
        append("Date: \(date)\r\nContent-Length: \(response.body.count)\r\n", to: &out)
        if close {
            append("Connection: close\r\n", to: &out)
        } else if keepAliveHTTP10 {
            append("Connection: keep-alive\r\n", to: &out)
        }
        append("\r\n", to: &out)
        if !omitBody { out.append(contentsOf: response.body) }
    }

    public static let continueResponse: [UInt8] = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    private static func append(_ s: String, to out: inout [UInt8]) {
        out.append(contentsOf: s.utf8)
    }
}
