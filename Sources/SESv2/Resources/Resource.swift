import JSON

/// One stored resource: its name as created, when, and its document (the members its Get
/// operation answers with, as they were accepted).
struct Resource: Sendable {
    let name: String
    let createdMillis: Int64
    let document: JSONObject

    /// A member of the document, nil when absent.
    subscript(member: String) -> JSONValue? { document[member] }

    /// The string at a path of nested objects (`["VdmOptions", "DashboardOptions", "EngagementMetrics"]`).
    func string(at path: [String]) -> String? {
        var value: JSONValue? = .object(document)
        for key in path {
            guard case .object(let o)? = value else { return nil }
            value = o[key]
        }
        if case .string(let s)? = value { return s }
        return nil
    }

    func bool(at path: [String]) -> Bool? {
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
