/// The model's constraints on a decoded value, worded as AWS's validation messages: `required`,
/// `enum`, `min`/`max` (length of strings, lists, maps and blobs; value of numbers), member by
/// member in the model's order, nested values after their parent. Paths are AWS's: members in
/// lowerCamelCase, structured list elements as `.N.member` counted from 1
/// (`queries.1.member.metric`), map entries as `.key`; a list of scalars answers for its elements,
/// a map for its keys and values.
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
            elements(items, shape, at: path, into: &found)
        case (.map, .map(let entries)):
            length(entries.count, shape, add)
            // Keys and values are reported at the map, once, naming every constraint of their
            // shape, as Coral does (`Map keys must satisfy constraint: [...]`).
            if let keyShape = shape.key.flatMap({ shapes[$0.shape] }),
               entries.contains(where: { !ownConstraints(.string($0.key), keyShape).isEmpty }) {
                add("Map keys must satisfy constraint: [\(described(keyShape))]")
            }
            guard let valueShape = shape.value.flatMap({ shapes[$0.shape] }) else { return }
            if entries.contains(where: { !ownConstraints($0.value, valueShape).isEmpty }) {
                add("Map values must satisfy constraint: [\(described(valueShape))]")
            }
            for entry in entries {
                let entryPath = "\(path).\(entry.key)"
                switch (valueShape.kind, entry.value) {
                case (.structure, _), (.map, _): check(entry.value, valueShape, at: entryPath, into: &found)
                case (.list, .list(let items)): elements(items, valueShape, at: entryPath, into: &found)
                default: break
                }
            }
        default:
            for constraint in scalarConstraints(value, shape) { add(constraint) }
        }
    }

    /// A list's elements: structured ones checked at `.N.member`; scalar ones reported at the
    /// list, once, naming every constraint of their shape, as Coral does
    /// (`Member must satisfy constraint: [Member must satisfy enum value set: [...]]`).
    private func elements(_ items: [ModelValue], _ shape: Shape, at path: String, into found: inout [String]) {
        guard let element = shape.member.flatMap({ shapes[$0.shape] }) else { return }
        if Self.isAggregate(element) {
            for (i, item) in items.enumerated() { check(item, element, at: "\(path).\(i + 1).member", into: &found) }
        } else if items.contains(where: { !scalarConstraints($0, element).isEmpty }) {
            found.append("Value at '\(path)' failed to satisfy constraint: Member must satisfy constraint: [\(described(element))]")
        }
    }

    /// The constraints a value breaks of its shape itself (a collection's length, a scalar's
    /// enum, length or range), not of what it holds.
    private func ownConstraints(_ value: ModelValue, _ shape: Shape) -> [String] {
        switch value {
        case .list(let items): var broken: [String] = []; lengthConstraints(items.count, shape, into: &broken); return broken
        case .map(let entries): var broken: [String] = []; lengthConstraints(entries.count, shape, into: &broken); return broken
        case .structure: return []
        default: return scalarConstraints(value, shape)
        }
    }

    /// Every constraint of a shape, as the collection messages name them.
    private func described(_ shape: Shape) -> String {
        var all: [String] = []
        if let allowed = shape.enumValues { all.append("Member must satisfy enum value set: [\(allowed.joined(separator: ", "))]") }
        let measure = shape.kind == .integer || shape.kind == .long || shape.kind == .double || shape.kind == .float ? "value" : "length"
        if let min = shape.min { all.append("Member must have \(measure) greater than or equal to \(Self.number(min))") }
        if let max = shape.max { all.append("Member must have \(measure) less than or equal to \(Self.number(max))") }
        return all.joined(separator: ", ")
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
