import Support

/// `application/x-www-form-urlencoded` (the Query protocol's request body, and its GET query):
/// `name=value` pairs joined by `&`, `+` a space, `%XX` a byte, UTF-8 text.
public enum FormBody {
    /// The pairs in order; nil when an escape is malformed or a name or value is not UTF-8.
    public static func pairs(_ bytes: some Collection<UInt8>) -> [(name: String, value: String)]? {
        var pairs: [(name: String, value: String)] = []
        for item in bytes.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let parts = item.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = decoded(parts[0]) else { return nil }
            let value = parts.count == 2 ? decoded(parts[1]) : ""
            guard let value else { return nil }
            pairs.append((name, value))
        }
        return pairs
    }

    static func decoded(_ bytes: some Collection<UInt8>) -> String? {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = bytes.startIndex
        while i != bytes.endIndex {
            switch bytes[i] {
            case UInt8(ascii: "+"):
                out.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                let high = bytes.index(after: i)
                guard high != bytes.endIndex else { return nil }
                let low = bytes.index(after: high)
                guard low != bytes.endIndex, let h = Hex.value(bytes[high]), let l = Hex.value(bytes[low]) else { return nil }
                out.append(h << 4 | l)
                i = low
            case let byte:
                out.append(byte)
            }
            i = bytes.index(after: i)
        }
        return String(validating: out, as: UTF8.self)
    }
}
