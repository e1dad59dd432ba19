import JSON

/// One stored resource: its name as created, when, and its document (the members its Get
/// operation answers with, as they were accepted).
package struct Resource: Sendable {
    package let name: String
    package let createdMillis: Int64
    package let document: JSONObject

    /// A member of the document, nil when absent.
    package subscript(member: String) -> JSONValue? { document[member] }

    /// The string at a path of nested objects (`["VdmOptions", "DashboardOptions", "EngagementMetrics"]`).
    package func string(at path: [String]) -> String? {
        var value: JSONValue? = .object(document)
        for key in path {
            guard case .object(let o)? = value else { return nil }
            value = o[key]
        }
        if case .string(let s)? = value { return s }
        return nil
    }

    package func bool(at path: [String]) -> Bool? {
        guard let last = path.last else { return nil }
        var value: JSONValue? = .object(document)
        for key in path.dropLast() {
            guard case .object(let o)? = value else { return nil }
            value = o[key]
        }
        guard case .object(let o)? = value, case .bool(let b)? = o[last] else { return nil }
        return b
    }
}
