/// A JSON object as written: members in document order, duplicate keys kept.
/// RFC 8259 §4 leaves duplicate names to the implementation; lookups here take the last one,
/// as most parsers (and JavaScript's JSON.parse) do.
public struct JSONObject: Sendable, Equatable {
    public let members: [(key: String, value: JSONValue)]

    public init(members: [(key: String, value: JSONValue)]) {
        self.members = members
    }

    /// The value of the LAST member named `key`, or nil.
    public subscript(key: String) -> JSONValue? {
        var i = members.count
        while i > 0 {
            i -= 1
            if members[i].key == key { return members[i].value }
        }
        return nil
    }

    /// The member names in document order, duplicates included.
    public var keys: [String] { members.map(\.key) }

    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.members.count == rhs.members.count else { return false }
        for i in lhs.members.indices {
            guard lhs.members[i].key == rhs.members[i].key, lhs.members[i].value == rhs.members[i].value else { return false }
        }
        return true
    }
}
