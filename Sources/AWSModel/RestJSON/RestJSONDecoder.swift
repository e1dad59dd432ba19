import JSON
import Support

/// Reads a restJson1 request into its input shape's value: each member from where the model binds
/// it (a URI label, a query parameter, or the JSON body; no SES input binds a header), its JSON type checked against
/// the shape (a wrong type is `WireError.serialization` naming the member, as AWS's deserializer
/// answers). Unknown members are ignored and `null` is absent, as at AWS. Constraints are the
/// validator's, afterwards.
public struct RestJSONDecoder: Sendable {
    /// The parts of an HTTP request the bindings read, without the HTTP layer's types.
    public struct Request: Sendable {
        public var pathParameters: [String: String]
        public var query: [(name: String, value: String)]
        public var body: [UInt8]

        public init(pathParameters: [String: String] = [:], query: [(name: String, value: String)] = [], body: [UInt8] = []) {
            self.pathParameters = pathParameters
            self.query = query
            self.body = body
        }
    }

    let shapes: [String: Shape]

    public init(model: ServiceModel) {
        shapes = model.shapes
    }

    public func decode(_ request: Request, as input: Shape) throws(WireError) -> ModelValue {
        var members: [String: ModelValue] = [:]
        let bodyMembers = input.members.filter { $0.location == .body }
        if !bodyMembers.isEmpty {
            let object = try Self.bodyObject(request.body)
            for member in bodyMembers {
                guard let json = object[member.wireName], json != .null else { continue }
                members[member.name] = try read(json, member, at: member.wireName)
            }
        }
        for member in input.members where member.location != .body {
            guard let shape = shapes[member.shape] else { continue }
            switch member.location {
            case .uri:
                if let text = request.pathParameters[member.wireName] { members[member.name] = try ScalarText.value(text, shape, at: member.wireName) }
            case .querystring:
                if let value = try queryValue(request.query, member, shape) { members[member.name] = value }
            case .body, .header, .headers, .statusCode:
                continue
            }
        }
        return .structure(members)
    }

    /// An empty body is an empty object; anything else must be a JSON object.
    static func bodyObject(_ bytes: [UInt8]) throws(WireError) -> JSONObject {
        if bytes.isEmpty { return JSONObject(members: []) }
        let document: JSONValue
        do { document = try JSONParser.parse(bytes) } catch {
            throw .malformedBody("Invalid JSON in request body: \(error.description)")
        }
        guard case .object(let object) = document else {
            throw .malformedBody("Invalid request body: expected a JSON object, got \(document.typeName)")
        }
        return object
    }

    /// A JSON value (a stored document, say) read as a value of `shape`, as a body member would be.
    public func value(_ json: JSONValue, as shape: Shape) throws(WireError) -> ModelValue {
        try read(json, shape, at: shape.name)
    }

    private func read(_ json: JSONValue, _ member: Member, at path: String) throws(WireError) -> ModelValue {
        guard let shape = shapes[member.shape] else { throw .serialization(at: path, expected: member.shape, got: json.typeName) }
        return try read(json, shape, at: path)
    }

    private func read(_ json: JSONValue, _ shape: Shape, at path: String) throws(WireError) -> ModelValue {
        func mismatch(_ expected: String) -> WireError { .serialization(at: path, expected: expected, got: json.typeName) }
        switch shape.kind {
        case .structure:
            guard case .object(let object) = json else { throw mismatch("an object") }
            var members: [String: ModelValue] = [:]
            for member in shape.members {
                guard let value = object[member.wireName], value != .null else { continue }
                members[member.name] = try read(value, member, at: "\(path).\(member.wireName)")
            }
            return .structure(members)
        case .list:
            guard case .array(let items) = json else { throw mismatch("a list") }
            guard let element = shape.member else { return .list([]) }
            var values: [ModelValue] = []
            for (i, item) in items.enumerated() {
                values.append(try read(item, element, at: "\(path)[\(i)]"))
            }
            return .list(values)
        case .map:
            guard case .object(let object) = json else { throw mismatch("a map") }
            guard let valueMember = shape.value else { return .map([]) }
            var entries: [ModelValue.MapEntry] = []
            for (key, value) in object.members where value != .null {
                let read = try read(value, valueMember, at: "\(path).\(key)")
                // A repeated key: the last wins, in the place of the first.
                if let i = entries.firstIndex(where: { $0.key == key }) { entries[i] = .init(key, read) } else { entries.append(.init(key, read)) }
            }
            return .map(entries)
        case .string:
            guard case .string(let s) = json else { throw mismatch("a string") }
            return .string(s)
        case .boolean:
            guard case .bool(let b) = json else { throw mismatch("a boolean") }
            return .boolean(b)
        case .integer, .long:
            guard case .number(let n) = json, let i = n.integerValue else { throw mismatch("an integer") }
            return .integer(i)
        case .double, .float:
            guard case .number(let n) = json else { throw mismatch("a number") }
            return .double(n.doubleValue)
        case .blob:
            guard case .string(let s) = json else { throw mismatch("base64 text") }
            guard let bytes = Base64.decode(s) else { throw .undecodableBlob(at: path) }
            return .blob(bytes)
        case .timestamp:
            switch json {
            case .number(let n):
                let seconds = n.doubleValue
                guard seconds.isFinite, seconds >= 0, seconds * 1000 <= Double(UTCCalendar.maxMillis) else { throw mismatch("a timestamp") }
                return .timestamp(seconds)
            case .string(let text):
                guard let millis = ScalarText.rfc3339Millis(text) else { throw mismatch("a timestamp") }
                return .timestamp(Double(millis) / 1000)
            default:
                throw mismatch("a timestamp (epoch seconds or an RFC 3339 string)")
            }
        }
    }

    private func queryValue(_ query: [(name: String, value: String)], _ member: Member, _ shape: Shape) throws(WireError) -> ModelValue? {
        switch shape.kind {
        case .list:
            let values = query.filter { $0.name == member.wireName }
            guard !values.isEmpty, let element = shape.member.flatMap({ shapes[$0.shape] }) else { return nil }
            var items: [ModelValue] = []
            for (i, pair) in values.enumerated() {
                items.append(try ScalarText.value(pair.value, element, at: "\(member.wireName)[\(i)]"))
            }
            return .list(items)
        default:
            guard let pair = query.first(where: { $0.name == member.wireName }) else { return nil }
            return try ScalarText.value(pair.value, shape, at: member.wireName)
        }
    }
}
