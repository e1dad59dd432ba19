/// The model's constraints the account operations check, worded as AWS's validation messages.
extension ValidationViolations {
    /// A required member that is absent.
    package mutating func required(_ value: Any?, at path: String) {
        if value == nil { add(at: path, "Member must not be null") }
    }

    package mutating func enumValue(_ value: String?, at path: String, _ allowed: [String]) {
        if let value, !allowed.contains(value) {
            add(at: path, "Member must satisfy enum value set: [\(allowed.joined(separator: ", "))]")
        }
    }

    /// Length in characters (Unicode scalars, as Java's code points).
    package mutating func length(_ value: String?, at path: String, _ range: ClosedRange<Int>) {
        guard let value else { return }
        let count = value.unicodeScalars.count
        if count < range.lowerBound { add(at: path, "Member must have length greater than or equal to \(range.lowerBound)") }
        if count > range.upperBound { add(at: path, "Member must have length less than or equal to \(range.upperBound)") }
    }
}
