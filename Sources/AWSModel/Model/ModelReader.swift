import JSON

/// Reads the generated model's JSON, naming the place of anything that does not read.
struct ModelReader {
    let object: JSONObject
    let path: String

    init(_ value: JSONValue, at path: String) throws(ServiceModelError) {
        guard case .object(let object) = value else { throw ServiceModelError("\(path): not an object") }
        self.object = object
        self.path = path
    }

    var entries: [(key: String, value: JSONValue)] { object.members }

    func optionalValue(_ key: String) -> JSONValue? { object[key] }

    func string(_ key: String) throws(ServiceModelError) -> String {
        guard let s = try optionalString(key) else { throw ServiceModelError("\(path).\(key): missing") }
        return s
    }

    func optionalString(_ key: String) throws(ServiceModelError) -> String? {
        guard let value = object[key] else { return nil }
        guard case .string(let s) = value else { throw ServiceModelError("\(path).\(key): not a string") }
        return s
    }

    func optionalBool(_ key: String) throws(ServiceModelError) -> Bool? {
        guard let value = object[key] else { return nil }
        guard case .bool(let b) = value else { throw ServiceModelError("\(path).\(key): not a boolean") }
        return b
    }

    func optionalDouble(_ key: String) throws(ServiceModelError) -> Double? {
        guard let value = object[key] else { return nil }
        guard case .number(let n) = value else { throw ServiceModelError("\(path).\(key): not a number") }
        return n.doubleValue
    }

    func optionalInt(_ key: String) throws(ServiceModelError) -> Int64? {
        guard let value = object[key] else { return nil }
        guard case .number(let n) = value, let i = n.integerValue else { throw ServiceModelError("\(path).\(key): not an integer") }
        return i
    }

    func array(_ key: String) throws(ServiceModelError) -> [JSONValue] {
        guard let items = try optionalArray(key) else { throw ServiceModelError("\(path).\(key): missing") }
        return items
    }

    func optionalArray(_ key: String) throws(ServiceModelError) -> [JSONValue]? {
        guard let value = object[key] else { return nil }
        guard case .array(let items) = value else { throw ServiceModelError("\(path).\(key): not a list") }
        return items
    }

    func optionalStrings(_ key: String) throws(ServiceModelError) -> [String]? {
        guard let items = try optionalArray(key) else { return nil }
        var strings: [String] = []
        for item in items {
            guard case .string(let s) = item else { throw ServiceModelError("\(path).\(key): not a list of strings") }
            strings.append(s)
        }
        return strings
    }

    func object(_ key: String) throws(ServiceModelError) -> ModelReader {
        guard let reader = try optionalObject(key) else { throw ServiceModelError("\(path).\(key): missing") }
        return reader
    }

    func optionalObject(_ key: String) throws(ServiceModelError) -> ModelReader? {
        guard let value = object[key] else { return nil }
        return try ModelReader(value, at: "\(path).\(key)")
    }
}
