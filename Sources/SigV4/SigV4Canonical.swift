import HTTPServer
import Support

/// The parts of a SigV4 canonical request built from what the client sent.
enum SigV4Canonical {
    /// The raw request-target's path and query (origin-form; absolute-form loses its authority).
    static func splitTarget(_ target: String) -> (path: String, query: String) {
        var rest = Substring(target)
        for scheme in ["http://", "https://"] where rest.lowercased().hasPrefix(scheme) {
            let afterScheme = rest.dropFirst(scheme.count)
            rest = afterScheme.firstIndex(where: { $0 == "/" || $0 == "?" }).map { afterScheme[$0...] } ?? ""
        }
        if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
        guard let question = rest.firstIndex(of: "?") else { return (String(rest), "") }
        return (String(rest[..<question]), String(rest[rest.index(after: question)...]))
    }

    /// Query pairs, percent-decoded (`+` stays a plus: SigV4 clients encode spaces as `%20`).
    static func parseQuery(_ raw: String) -> [(name: String, value: String)] {
        raw.split(separator: "&").map { pair in
            let piece = Array(pair.utf8)
            if let equals = piece.firstIndex(of: UInt8(ascii: "=")) {
                return (percentDecode(piece[..<equals]), percentDecode(piece[(equals + 1)...]))
            }
            return (percentDecode(piece[...]), "")
        }
    }

    /// Each path segment URI-encoded once more, as AWS does for every service but S3 (so `%20`
    /// in the request line is `%2520` here); dot segments and empty segments removed first, as
    /// botocore and the AWS SigV4 test suite (get-relative, get-slashes) do.
    static func uri(rawPath: String) -> String {
        guard !rawPath.isEmpty else { return "/" }
        var segments: [Substring] = []
        for segment in rawPath.split(separator: "/", omittingEmptySubsequences: true) {
            if segment == "." { continue }
            if segment == ".." { _ = segments.popLast(); continue }
            segments.append(segment)
        }
        let leading = rawPath.hasPrefix("/") ? "/" : ""
        let trailing = rawPath.hasSuffix("/") && !segments.isEmpty ? "/" : ""
        let path = leading + segments.map { uriEncode(Array($0.utf8)) }.joined(separator: "/") + trailing
        return path.isEmpty ? "/" : path
    }

    /// Names and values URI-encoded, sorted by name then value; X-Amz-Signature left out of a presigned URL's.
    static func queryString(_ query: [(name: String, value: String)], excludingSignature: Bool) -> String {
        query.filter { !(excludingSignature && $0.name == "X-Amz-Signature") }
            .map { (uriEncode(Array($0.name.utf8)), uriEncode(Array($0.value.utf8))) }
            .sorted { $0.0 != $1.0 ? $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) : $0.1.utf8.lexicographicallyPrecedes($1.1.utf8) }
            .map { "\($0.0)=\($0.1)" }
            .joined(separator: "&")
    }

    /// `name:value\n` per signed header, in the order signed: every occurrence's value trimmed and
    /// with runs of spaces collapsed, joined by commas. Ends with the newline AWS's form ends with.
    static func headers(_ signedHeaders: [String], from headers: HTTPHeaders) -> String {
        var out = ""
        for name in signedHeaders {
            let values = headers.values(name).map(trimAll)
            out += "\(name):\(values.joined(separator: ","))\n"
        }
        return out
    }

    /// Trim and collapse sequential whitespace to one space (botocore: `' '.join(value.split())`).
    static func trimAll(_ value: String) -> String {
        value.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
    }

    /// RFC 3986 unreserved characters stay; every other byte is `%XX`, upper-case hex.
    static func uriEncode(_ bytes: [UInt8]) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        for b in bytes {
            switch b {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"),
                 UInt8(ascii: "."), UInt8(ascii: "~"):
                out.append(b)
            default:
                out += [UInt8(ascii: "%"), hex[Int(b >> 4)], hex[Int(b & 0x0f)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func percentDecode(_ bytes: ArraySlice<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = bytes.startIndex
        while i < bytes.endIndex {
            if bytes[i] == UInt8(ascii: "%"), i + 2 < bytes.endIndex,
               let high = Hex.value(bytes[i + 1]), let low = Hex.value(bytes[i + 2]) {
                out.append(high << 4 | low)
                i += 3
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
