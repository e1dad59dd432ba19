import JSON

/// A restJson1 request body, read member by member: JSON types are checked as each member is read
/// (a wrong type is a 400 naming the member), unknown members are ignored and null is absent, as
/// at AWS. `path` is the wire path of this object, for the messages.
package struct RequestBody: Sendable {
    private let object: JSONObject
    package let path: String

    package init(_ object: JSONObject, path: String = "") {
        self.object = object
        self.path = path
    }

    /// The body of a request; an empty body is an empty object.
    package static func parse(_ bytes: [UInt8]) throws(AWSError) -> RequestBody {
        let document: JSONValue
        do {
            document = bytes.isEmpty ? .object(JSONObject(members: [])) : try JSONParser.parse(bytes)
        } catch {
            throw .badRequest("Invalid JSON in request body: \(error.description)")
        }
        guard case .object(let object) = document else {
            throw .badRequest("Invalid request body: expected a JSON object, got \(document.typeName)")
        }
        return RequestBody(object)
    }

    private func at(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    private func member(_ key: String) -> JSONValue? {
        if case .null = object[key] { return nil }
        return object[key]
    }

    private func typeError(_ key: String, _ expected: String, _ value: JSONValue) -> AWSError {
        .badRequest("Invalid type for \(at(key)): expected \(expected), got \(value.typeName)")
    }

    package func string(_ key: String) throws(AWSError) -> String? {
        guard let value = member(key) else { return nil }
        guard case .string(let s) = value else { throw typeError(key, "a string", value) }
        return s
    }

    package func bool(_ key: String) throws(AWSError) -> Bool? {
        guard let value = member(key) else { return nil }
        guard case .bool(let b) = value else { throw typeError(key, "a boolean", value) }
        return b
    }

    package func int(_ key: String) throws(AWSError) -> Int64? {
        guard let value = member(key) else { return nil }
        guard case .number(let n) = value, let i = n.integerValue else { throw typeError(key, "an integer", value) }
        return i
    }

    package func object(_ key: String) throws(AWSError) -> RequestBody? {
        guard let value = member(key) else { return nil }
        guard case .object(let o) = value else { throw typeError(key, "an object", value) }
        return RequestBody(o, path: at(key))
    }

    package func strings(_ key: String) throws(AWSError) -> [String]? {
        guard let value = member(key) else { return nil }
        guard case .array(let items) = value else { throw typeError(key, "a list", value) }
        var strings: [String] = []
        for (i, item) in items.enumerated() {
            guard case .string(let s) = item else { throw typeError("\(key)[\(i)]", "a string", item) }
            strings.append(s)
        }
        return strings
    }

    /// A list of objects, each read as a body of its own.
    package func objects(_ key: String) throws(AWSError) -> [RequestBody]? {
        guard let value = member(key) else { return nil }
        guard case .array(let items) = value else { throw typeError(key, "a list", value) }
        var objects: [RequestBody] = []
        for (i, item) in items.enumerated() {
            guard case .object(let o) = item else { throw typeError("\(key)[\(i)]", "an object", item) }
            objects.append(RequestBody(o, path: at("\(key)[\(i)]")))
        }
        return objects
    }

    /// The whole object as it was sent (to store a member that is returned as given).
    package var json: JSONValue { .object(object) }
    /// A timestamp: epoch seconds (integer or fraction) or an RFC 3339 string, as restJson1 clients send it.
    package func timestamp(_ key: String) throws(AWSError) -> WireTimestamp? {
        guard let value = member(key) else { return nil }
        let timestamp: WireTimestamp?
        switch value {
        case .number(let number): timestamp = WireTimestamp(number)
        case .string(let text): timestamp = WireTimestamp(rfc3339: text)
        default: throw typeError(key, "a timestamp (epoch seconds or an RFC 3339 string)", value)
        }
        guard let timestamp else {
            throw .badRequest("Invalid value for \(at(key)): not a timestamp from 1970 to 9999")
        }
        return timestamp
    }

    /// A map of string lists, in the order of the body (a repeated key: the last wins).
    package func stringListMap(_ key: String) throws(AWSError) -> [(key: String, value: [String])]? {
        guard let value = member(key) else { return nil }
        guard case .object(let map) = value else { throw typeError(key, "a map", value) }
        var entries: [(key: String, value: [String])] = []
        for (name, _) in map.members {
            let list = try RequestBody(map, path: at(key)).strings(name) ?? []
            if let i = entries.firstIndex(where: { $0.key == name }) { entries[i].value = list } else { entries.append((name, list)) }
        }
        return entries
    }

    /// A map of strings, in the order of the body (a repeated key: the last wins).
    package func stringMap(_ key: String) throws(AWSError) -> [(key: String, value: String)]? {
        guard let value = member(key) else { return nil }
        guard case .object(let map) = value else { throw typeError(key, "a map", value) }
        var entries: [(key: String, value: String)] = []
        for (name, item) in map.members {
            guard case .string(let s) = item else { throw typeError("\(key).\(name)", "a string", item) }
            if let i = entries.firstIndex(where: { $0.key == name }) { entries[i].value = s } else { entries.append((name, s)) }
        }
        return entries
    }
}
