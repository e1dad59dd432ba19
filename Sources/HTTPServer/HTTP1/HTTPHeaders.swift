/// Header fields in the order received. Repeated fields stay separate entries: request signing and
/// framing checks (duplicate `Content-Length`, `Host`) need every occurrence, not the last one.
public struct HTTPHeaders: Sendable, Equatable, Sequence {
    public private(set) var fields: [(name: String, value: String)]

    public init(_ fields: [(name: String, value: String)] = []) {
        self.fields = fields
    }

    /// Empty, with room for `capacity` fields (the parser knows how many are coming).
    init(capacity: Int) {
        fields = []
        fields.reserveCapacity(capacity)
    }

    public mutating func add(_ name: String, _ value: String) {
        fields.append((name, value))
    }

    /// Replaces every field of that name by one field.
    public mutating func set(_ name: String, _ value: String) {
        remove(name)
        fields.append((name, value))
    }

    public mutating func remove(_ name: String) {
        fields.removeAll { $0.name.equalsIgnoringASCIICase(name) }
    }

    /// The first value of the field, names compared case-insensitively (RFC 9110 §5.1).
    public subscript(name: String) -> String? {
        fields.first { $0.name.equalsIgnoringASCIICase(name) }?.value
    }

    public func values(_ name: String) -> [String] {
        fields.compactMap { $0.name.equalsIgnoringASCIICase(name) ? $0.value : nil }
    }

    /// Values of a list-valued field, split on commas across all its occurrences (RFC 9110 §5.6.1).
    public func listValues(_ name: String) -> [String] {
        values(name).flatMap { $0.split(separator: ",", omittingEmptySubsequences: false) }
            .map { String($0).trimmingOWS() }
            .filter { !$0.isEmpty }
    }

    public func contains(_ name: String) -> Bool { self[name] != nil }

    /// How many fields have that name, without collecting their values.
    func occurrences(of name: String) -> Int {
        var count = 0
        for field in fields where field.name.equalsIgnoringASCIICase(name) { count += 1 }
        return count
    }

    /// Whether a list-valued field holds `token`, compared case-insensitively, without building
    /// the list: the connection asks this of every request.
    func containsToken(_ token: String, inField name: String) -> Bool {
        let wanted = token.utf8
        for (fieldName, value) in fields where fieldName.equalsIgnoringASCIICase(name) {
            let bytes = value.utf8
            var start = bytes.startIndex
            while start <= bytes.endIndex {
                let end = bytes[start...].firstIndex(of: UInt8(ascii: ",")) ?? bytes.endIndex
                var element = bytes[start..<end]
                while let b = element.first, ASCII.isOWS(b) { element = element.dropFirst() }
                while let b = element.last, ASCII.isOWS(b) { element = element.dropLast() }
                if element.elementsEqual(wanted, by: { ASCII.lowercased($0) == ASCII.lowercased($1) }) { return true }
                guard end < bytes.endIndex else { break }
                start = bytes.index(after: end)
            }
        }
        return false
    }

    public var count: Int { fields.count }

    public func makeIterator() -> IndexingIterator<[(name: String, value: String)]> {
        fields.makeIterator()
    }

    public static func == (lhs: HTTPHeaders, rhs: HTTPHeaders) -> Bool {
        lhs.fields.count == rhs.fields.count
            && zip(lhs.fields, rhs.fields).allSatisfy { $0.name == $1.name && $0.value == $1.value }
    }
}

extension String {
    public func equalsIgnoringASCIICase(_ other: String) -> Bool {
        let a = utf8, b = other.utf8
        guard a.count == b.count else { return false }
        // Native strings are contiguous: compare their bytes without iterator overhead.
        let fast = a.withContiguousStorageIfAvailable { x in
            b.withContiguousStorageIfAvailable { y in
                for i in 0..<x.count where ASCII.lowercased(x[i]) != ASCII.lowercased(y[i]) { return false }
                return true
            }
        }
        if let fast = fast ?? nil { return fast }
        return a.elementsEqual(b) { ASCII.lowercased($0) == ASCII.lowercased($1) }
    }

    /// Removes optional whitespace (SP / HTAB) at both ends (RFC 9110 §5.6.3).
    public func trimmingOWS() -> String {
        let bytes = Array(utf8)
        var start = 0, end = bytes.count
        while start < end, ASCII.isOWS(bytes[start]) { start += 1 }
        while end > start, ASCII.isOWS(bytes[end - 1]) { end -= 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}
