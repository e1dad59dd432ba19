/// The model's constraints on a decoded value, worded as AWS's validation messages: `required`,
/// `enum`, `min`/`max` (length of strings, lists, maps and blobs; value of numbers), member by
/// member in the model's order, nested values after their parent. Paths are AWS's: members in
/// lowerCamelCase, structured list elements as `.N.member` counted from 1
/// (`queries.1.member.metric`); a list of scalars answers for its elements.
/// Patterns are not checked: AWS's services do not hold to the model's patterns uniformly, and an
/// operation checks what it must with its own message.
public struct ModelValidator: Sendable {
    let shapes: [String: Shape]

    public init(model: ServiceModel) {
        shapes = model.shapes
    }

    /// Every violation of `value` (an operation's input) against `shape`, in order.
    public func violations(of value: ModelValue, as shape: Shape) -> [String] {
        var found: [String] = []
        check(value, shape, at: "", into: &found)
        return found
    }

    /// `violations`, thrown as `WireError.validation` when there are any.
    public func validate(_ value: ModelValue, as shape: Shape) throws(WireError) {
        let found = violations(of: value, as: shape)
        if !found.isEmpty { throw .validation(found) }
    }

    private func check(_ value: ModelValue, _ shape: Shape, at path: String, into found: inout [String]) {
        func add(_ constraint: String) { found.append("Value at '\(path)' failed to satisfy constraint: \(constraint)") }
        switch (shape.kind, value) {
        case (.structure, .structure(let members)):
            for member in shape.members {
                let memberPath = Self.join(path, Self.lowerCamel(member.name))
                guard let memberValue = members[member.name] else {
                    if shape.required.contains(member.name) {
                        found.append("Value at '\(memberPath)' failed to satisfy constraint: Member must not be null")
                    }
                    continue
                }
                if let memberShape = shapes[member.shape] { check(memberValue, memberShape, at: memberPath, into: &found) }
            }
        case (.list, .list(let items)):
            length(items.count, shape, add)
            guard let element = shape.member.flatMap({ shapes[$0.shape] }) else { return }
            if Self.isAggregate(element) {
                for (i, item) in items.enumerated() {
                    check(item, element, at: "\(path).\(i + 1).member", into: &found)
                }
            } else {
                // Scalar elements are reported at the list, once per constraint, as Coral does
                // (`Member must satisfy constraint: [Member must satisfy enum value set: [...]]`).
                var seen: Set<String> = []
                for constraint in items.flatMap({ scalarConstraints($0, element) }) where seen.insert(constraint).inserted {
                    add("Member must satisfy constraint: [\(constraint)]")
                }
            }
        case (.map, .map(let entries)):
            length(entries.count, shape, add)
            if let keyShape = shape.key.flatMap({ shapes[$0.shape] }) {
                for constraint in Set(entries.flatMap { scalarConstraints(.string($0.key), keyShape) }).sorted() {
                    add("Map keys must satisfy constraint: [\(constraint)]")
                }
            }
            guard let valueShape = shape.value.flatMap({ shapes[$0.shape] }) else { return }
            if Self.isAggregate(valueShape) {
                for entry in entries { check(entry.value, valueShape, at: "\(path).\(entry.key)", into: &found) }
            } else {
                for constraint in Set(entries.flatMap { scalarConstraints($0.value, valueShape) }).sorted() {
                    add("Map value must satisfy constraint: [\(constraint)]")
                }
            }
        default:
            for constraint in scalarConstraints(value, shape) { add(constraint) }
        }
    }

    /// The constraints a string, number or blob breaks.
    private func scalarConstraints(_ value: ModelValue, _ shape: Shape) -> [String] {
        var broken: [String] = []
        switch value {
        case .string(let s):
            if let allowed = shape.enumValues, !allowed.contains(s) {
                broken.append("Member must satisfy enum value set: [\(allowed.joined(separator: ", "))]")
            }
            // Length in code points, as AWS's Java services count it.
            lengthConstraints(s.unicodeScalars.count, shape, into: &broken)
        case .blob(let bytes):
            lengthConstraints(bytes.count, shape, into: &broken)
        case .integer(let i):
            rangeConstraints(Double(i), shape, into: &broken)
        case .double(let d):
            rangeConstraints(d, shape, into: &broken)
        default:
            break
        }
        return broken
    }

    private func length(_ count: Int, _ shape: Shape, _ add: (String) -> Void) {
        var broken: [String] = []
        lengthConstraints(count, shape, into: &broken)
        broken.forEach(add)
    }

    private func lengthConstraints(_ count: Int, _ shape: Shape, into broken: inout [String]) {
        if let min = shape.min, Double(count) < min { broken.append("Member must have length greater than or equal to \(Self.number(min))") }
        if let max = shape.max, Double(count) > max { broken.append("Member must have length less than or equal to \(Self.number(max))") }
    }

    private func rangeConstraints(_ value: Double, _ shape: Shape, into broken: inout [String]) {
        if let min = shape.min, value < min { broken.append("Member must have value greater than or equal to \(Self.number(min))") }
        if let max = shape.max, value > max { broken.append("Member must have value less than or equal to \(Self.number(max))") }
    }

    static func isAggregate(_ shape: Shape) -> Bool { shape.kind == .structure || shape.kind == .list || shape.kind == .map }

    static func number(_ d: Double) -> String {
        d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : String(d)
    }

    static func join(_ path: String, _ name: String) -> String { path.isEmpty ? name : "\(path).\(name)" }

    /// `ConfigurationSetName` → `configurationSetName`, as AWS names members in its messages.
    static func lowerCamel(_ name: String) -> String {
        guard let first = name.first else { return name }
        return first.lowercased() + name.dropFirst()
    }
}
