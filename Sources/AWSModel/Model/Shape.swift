import JSON

/// A shape of a service model: its type and the constraints AWS's model gives it.
public struct Shape: Sendable {
    public enum Kind: String, Sendable {
        case structure, list, map, string, integer, long, double, float, boolean, blob, timestamp
    }

    public let name: String
    public let kind: Kind
    /// Structure members in the model's order.
    public let members: [Member]
    public let required: Set<String>
    /// A string shape's allowed values.
    public let enumValues: [String]?
    /// Length (strings, lists, maps, blobs) or value (numbers) bounds.
    public let min: Double?
    public let max: Double?
    public let pattern: String?
    /// A list's element; a map's key and value.
    public let member: Member?
    public let key: Member?
    public let value: Member?
    /// A structure of which exactly one member may be set.
    public let isUnion: Bool
    public let isException: Bool
    public let error: ErrorTrait?
    public let timestampFormat: String?
    /// Query protocol: a list or map written without its `member` wrapper.
    public let flattened: Bool

    init(name: String, _ reader: ModelReader) throws(ServiceModelError) {
        self.name = name
        guard let kind = Kind(rawValue: try reader.string("type")) else {
            throw ServiceModelError("\(reader.path).type: unknown shape type")
        }
        self.kind = kind
        var members: [Member] = []
        if let table = try reader.optionalObject("members") {
            for (memberName, value) in table.entries {
                members.append(try Member(name: memberName, value, at: "\(reader.path).members.\(memberName)"))
            }
        }
        self.members = members
        required = Set(try reader.optionalStrings("required") ?? [])
        enumValues = try reader.optionalStrings("enum")
        min = try reader.optionalDouble("min")
        max = try reader.optionalDouble("max")
        pattern = try reader.optionalString("pattern")
        member = try reader.optionalValue("member").map { value throws(ServiceModelError) in
            try Member(name: "member", value, at: "\(reader.path).member")
        }
        key = try reader.optionalValue("key").map { value throws(ServiceModelError) in
            try Member(name: "key", value, at: "\(reader.path).key")
        }
        self.value = try reader.optionalValue("value").map { value throws(ServiceModelError) in
            try Member(name: "value", value, at: "\(reader.path).value")
        }
        isUnion = try reader.optionalBool("union") ?? false
        isException = try reader.optionalBool("exception") ?? false
        error = try reader.optionalObject("error").map { error throws(ServiceModelError) in try ErrorTrait(error) }
        timestampFormat = try reader.optionalString("timestampFormat")
        flattened = try reader.optionalBool("flattened") ?? false
    }

    public func member(named name: String) -> Member? { members.first { $0.name == name } }
}

/// A member of a structure (or a list's, map's element): the shape it holds and where it travels.
public struct Member: Sendable {
    public enum Location: String, Sendable {
        case body, uri, querystring, header, headers, statusCode
    }

    public let name: String
    public let shape: String
    public let location: Location
    /// The wire name: the URI label, query parameter, header, or the Query/XML element name.
    public let locationName: String?
    public let isIdempotencyToken: Bool
    public let timestampFormat: String?
    public let flattened: Bool

    init(name: String, _ value: JSONValue, at path: String) throws(ServiceModelError) {
        self.name = name
        if case .string(let shape) = value {
            self.shape = shape
            location = .body
            locationName = nil
            isIdempotencyToken = false
            timestampFormat = nil
            flattened = false
            return
        }
        let reader = try ModelReader(value, at: path)
        shape = try reader.string("shape")
        let place = try reader.optionalString("location") ?? "body"
        guard let location = Location(rawValue: place) else { throw ServiceModelError("\(path).location: unknown location \(place)") }
        self.location = location
        locationName = try reader.optionalString("locationName")
        isIdempotencyToken = try reader.optionalBool("idempotencyToken") ?? false
        timestampFormat = try reader.optionalString("timestampFormat")
        flattened = try reader.optionalBool("flattened") ?? false
    }

    /// The name on the wire.
    public var wireName: String { locationName ?? name }
}

/// An error shape's HTTP status and Query protocol code.
public struct ErrorTrait: Sendable {
    /// The Query protocol's error code when it differs from the shape's name.
    public let code: String?
    public let httpStatusCode: Int
    /// Query protocol: `Sender` (the caller's fault) or `Receiver`.
    public let senderFault: Bool

    init(_ reader: ModelReader) throws(ServiceModelError) {
        code = try reader.optionalString("code")
        httpStatusCode = Int(try reader.optionalInt("httpStatusCode") ?? 400)
        senderFault = try reader.optionalBool("senderFault") ?? false
    }
}
