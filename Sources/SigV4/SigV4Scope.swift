import HTTPServer

/// The credential scope of a SigV4-signed request (`AKID/YYYYMMDD/REGION/SERVICE/aws4_request`),
/// from the `Authorization` header or a presigned URL's `X-Amz-Credential`. Not verified here:
/// it identifies the caller for quotas, faults and the request log.
public struct SigV4Scope: Equatable, Sendable {
    public let accessKeyID: String
    public let date: String
    public let region: String
    public let service: String

    public init?(_ head: HTTPRequestHead) {
        if let authorization = head.headers["Authorization"], authorization.hasPrefix("AWS4-HMAC-SHA256") {
            // Scanned as bytes in place: Character-level split/trim was ~7% of the server's CPU per
            // request, and copies of the header and a String per part still 5%.
            var authorization = authorization
            guard let scope = authorization.withUTF8({ bytes in
                Self.credentialRange(inAuthorization: bytes).flatMap { Self(credential: UnsafeBufferPointer(rebasing: bytes[$0])) }
            }) else { return nil }
            self = scope
            return
        }
        if var credential = head.query.first(where: { $0.name == "X-Amz-Credential" })?.value {
            guard let scope = credential.withUTF8({ Self(credential: $0) }) else { return nil }
            self = scope
            return
        }
        return nil
    }

    /// Where the value of the first comma-separated item (spaces and tabs trimmed) that starts with
    /// `Credential=` lies, after the `AWS4-HMAC-SHA256` scheme.
    private static func credentialRange(inAuthorization bytes: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        let key: StaticString = "Credential="
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }
        func startsWithKey(_ a: Int) -> Bool {
            guard bytes.count - a >= key.utf8CodeUnitCount else { return false }
            for i in 0..<key.utf8CodeUnitCount where bytes[a + i] != key.utf8Start[i] { return false }
            return true
        }
        var start = "AWS4-HMAC-SHA256".utf8.count
        while start <= bytes.count {
            var end = start
            while end < bytes.count && bytes[end] != 0x2C { end += 1 }
            var a = start, b = end
            while a < b && isSpace(bytes[a]) { a += 1 }
            while b > a && isSpace(bytes[b - 1]) { b -= 1 }
            if b - a >= key.utf8CodeUnitCount && startsWithKey(a) { return (a + key.utf8CodeUnitCount)..<b }
            start = end + 1
        }
        return nil
    }

    init?(credential: String) {
        var credential = credential
        guard let scope = credential.withUTF8({ Self(credential: $0) }) else { return nil }
        self = scope
    }

    /// `AKID/YYYYMMDD/REGION/SERVICE/aws4_request`, split on the bytes.
    private init?(credential bytes: UnsafeBufferPointer<UInt8>) {
        var cuts: (Int, Int, Int, Int) = (0, 0, 0, 0)
        var found = 0
        for i in 0..<bytes.count where bytes[i] == UInt8(ascii: "/") {
            switch found {
            case 0: cuts.0 = i
            case 1: cuts.1 = i
            case 2: cuts.2 = i
            case 3: cuts.3 = i
            default: return nil
            }
            found += 1
        }
        guard found == 4, cuts.0 > 0 else { return nil }
        let terminal = bytes[(cuts.3 + 1)...]
        guard terminal.elementsEqual("aws4_request".utf8) else { return nil }
        func text(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }
        accessKeyID = text(0..<cuts.0)
        date = text((cuts.0 + 1)..<cuts.1)
        region = text((cuts.1 + 1)..<cuts.2)
        service = text((cuts.2 + 1)..<cuts.3)
    }
}
