import HTTPServer

/// The credential scope of a SigV4-signed request (`AKID/YYYYMMDD/REGION/SERVICE/aws4_request`),
/// from the `Authorization` header or a presigned URL's `X-Amz-Credential`. Not verified here:
/// it identifies the caller for quotas, faults and the request log.
struct SigV4Scope: Equatable, Sendable {
    let accessKeyID: String
    let date: String
    let region: String
    let service: String

    init?(_ head: HTTPRequestHead) {
        if let authorization = head.headers["Authorization"], authorization.hasPrefix("AWS4-HMAC-SHA256") {
            // Scanned as bytes: Character-level split/trim was ~7% of the server's CPU per request.
            guard let credential = Self.credential(inAuthorization: authorization) else { return nil }
            self.init(credential: credential)
            return
        }
        if let credential = head.query.first(where: { $0.name == "X-Amz-Credential" })?.value {
            self.init(credential: credential)
            return
        }
        return nil
    }

    /// The value of the first comma-separated item (spaces and tabs trimmed) that starts with
    /// `Credential=`, after the `AWS4-HMAC-SHA256` scheme.
    static func credential(inAuthorization authorization: String) -> String? {
        let bytes = Array(authorization.utf8.dropFirst("AWS4-HMAC-SHA256".utf8.count))
        let key = Array("Credential=".utf8)
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }
        var start = 0
        while start <= bytes.count {
            var end = start
            while end < bytes.count && bytes[end] != 0x2C { end += 1 }
            var a = start, b = end
            while a < b && isSpace(bytes[a]) { a += 1 }
            while b > a && isSpace(bytes[b - 1]) { b -= 1 }
            if b - a >= key.count && bytes[a..<(a + key.count)].elementsEqual(key) {
                return String(decoding: bytes[(a + key.count)..<b], as: UTF8.self)
            }
            start = end + 1
        }
        return nil
    }

    init?(credential: String) {
        // Split on the bytes: String.split and a [String] per request showed up under load.
        var parts: [Substring] = []
        parts.reserveCapacity(5)
        var start = credential.utf8.startIndex
        for i in credential.utf8.indices where credential.utf8[i] == UInt8(ascii: "/") {
            guard parts.count < 4 else { return nil }
            parts.append(credential[start..<i])
            start = credential.utf8.index(after: i)
        }
        parts.append(credential[start...])
        guard parts.count == 5, !parts[0].isEmpty, parts[4] == "aws4_request" else { return nil }
        accessKeyID = String(parts[0])
        date = String(parts[1])
        region = String(parts[2])
        service = String(parts[3])
    }
}
