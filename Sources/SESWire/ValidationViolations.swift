/// AWS's validation message: "2 validation errors detected: Value at 'a.b' failed to satisfy
/// constraint: ...; ...". The observed service echoes no value.
package struct ValidationViolations {
    package private(set) var items: [String] = []

    package init() {}

    package mutating func add(at path: String, _ constraint: String) {
        items.append("Value at '\(path)' failed to satisfy constraint: \(constraint)")
    }

    package var error: AWSError? {
        guard !items.isEmpty else { return nil }
        let noun = items.count == 1 ? "validation error" : "validation errors"
        return .badRequest("\(items.count) \(noun) detected: " + items.joined(separator: "; "))
    }
}
