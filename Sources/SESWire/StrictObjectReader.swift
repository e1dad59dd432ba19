import JSON

/// Reads a JSON object whose every member must be known: configuration typos must fail loudly,
/// not silently change behaviour. Errors name the member's path.
package struct StrictObjectReader {
    package struct Problem: Error, CustomStringConvertible {
        package let description: String

        package init(description: String) { self.description = description }
    }

    private let object: JSONObject
    package let path: String
    private var known: Set<String> = []

    /// Parses a whole JSON document; syntax errors become problems too.
    package static func document(_ bytes: [UInt8]) throws(Problem) -> JSONValue {
        do {
            return try JSONParser.parse(bytes)
        } catch {
            throw Problem(description: "invalid JSON: \(error.description)")
        }
    }

    package init(_ value: JSONValue, path: String) throws(Problem) {
        guard case .object(let object) = value else {
            throw Problem(description: "\(path.isEmpty ? "the document" : path) must be an object, not \(value.typeName)")
        }
        self.object = object
        self.path = path
    }

    private func at(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// nil when absent or null.
    package mutating func value(_ key: String) -> JSONValue? {
        known.insert(key)
        if case .null = object[key] { return nil }
        return object[key]
    }

    package mutating func string(_ key: String) throws(Problem) -> String? {
        guard let v = value(key) else { return nil }
        guard case .string(let s) = v else { throw Problem(description: "\(at(key)) must be a string, not \(v.typeName)") }
        return s
    }

    package mutating func bool(_ key: String) throws(Problem) -> Bool? {
        guard let v = value(key) else { return nil }
        guard case .bool(let b) = v else { throw Problem(description: "\(at(key)) must be true or false, not \(v.typeName)") }
        return b
    }

    package mutating func double(_ key: String) throws(Problem) -> Double? {
        guard let v = value(key) else { return nil }
        guard case .number(let n) = v, n.doubleValue.isFinite else { throw Problem(description: "\(at(key)) must be a number, not \(v.typeName)") }
        return n.doubleValue
    }

    package mutating func int(_ key: String, range: ClosedRange<Int64>) throws(Problem) -> Int64? {
        guard let v = value(key) else { return nil }
        guard case .number(let n) = v, let i = n.integerValue else { throw Problem(description: "\(at(key)) must be an integer") }
        guard range.contains(i) else {
            throw Problem(description: "\(at(key)) must be between \(range.lowerBound) and \(range.upperBound), not \(i)")
        }
        return i
    }

    package mutating func array(_ key: String) throws(Problem) -> [JSONValue]? {
        guard let v = value(key) else { return nil }
        guard case .array(let items) = v else { throw Problem(description: "\(at(key)) must be a list, not \(v.typeName)") }
        return items
    }

    package mutating func object(_ key: String) throws(Problem) -> StrictObjectReader? {
        guard let v = value(key) else { return nil }
        return try StrictObjectReader(v, path: at(key))
    }

    /// Fails on any member not read.
    package func finish() throws(Problem) {
        for key in object.keys where !known.contains(key) {
            throw Problem(description: "unknown field \(at(key))")
        }
    }
}
