/// A value of a model shape, as a request carried it or a response will: what the protocol codecs
/// read into and write from. Structures are keyed by member name (the shape gives the order on
/// the wire); maps keep their entries in order.
public indirect enum ModelValue: Sendable, Equatable {
    case string(String)
    case integer(Int64)
    case double(Double)
    case boolean(Bool)
    case blob([UInt8])
    /// Seconds since the epoch (a fraction allowed).
    case timestamp(Double)
    case list([ModelValue])
    case map([MapEntry])
    case structure([String: ModelValue])

    public struct MapEntry: Sendable, Equatable {
        public let key: String
        public let value: ModelValue

        public init(_ key: String, _ value: ModelValue) {
            self.key = key
            self.value = value
        }
    }

    // Typed reads for handlers: after validation a member has its shape's type, so a read of the
    // wrong kind is nil, never a trap.
    public subscript(member: String) -> ModelValue? {
        if case .structure(let members) = self { return members[member] }
        return nil
    }

    public var string: String? { if case .string(let s) = self { return s }; return nil }
    public var integer: Int64? { if case .integer(let i) = self { return i }; return nil }
    public var double: Double? { if case .double(let d) = self { return d }; return nil }
    public var boolean: Bool? { if case .boolean(let b) = self { return b }; return nil }
    public var blob: [UInt8]? { if case .blob(let b) = self { return b }; return nil }
    public var timestamp: Double? { if case .timestamp(let t) = self { return t }; return nil }
    public var list: [ModelValue]? { if case .list(let l) = self { return l }; return nil }
    public var map: [MapEntry]? { if case .map(let m) = self { return m }; return nil }
    public var structure: [String: ModelValue]? { if case .structure(let s) = self { return s }; return nil }
}
