/// Reads a Query protocol request's parameters into its input shape's value, by AWS's flattening:
/// a structure member is `Prefix.Member`, a list element `Prefix.member.N` (N from 1, contiguous;
/// a flattened list `Prefix.N`), a map entry `Prefix.entry.N.key` / `.value`. An empty list is sent
/// as `Prefix=`. Scalars are text: booleans `true`/`false`, numbers, timestamps ISO 8601 (or epoch
/// seconds). Parameters the shape does not name are ignored.
public struct QueryDecoder: Sendable {
    let shapes: [String: Shape]

    public init(model: ServiceModel) {
        shapes = model.shapes
    }

    public func decode(_ pairs: [(name: String, value: String)], as input: Shape) throws(WireError) -> ModelValue {
        var parameters: [String: String] = [:]
        // A repeated parameter: the first counts.
        for (name, value) in pairs where parameters[name] == nil { parameters[name] = value }
        return try structure(parameters, input, prefix: "") ?? .structure([:])
    }

    private func structure(_ parameters: [String: String], _ shape: Shape, prefix: String) throws(WireError) -> ModelValue? {
        var members: [String: ModelValue] = [:]
        for member in shape.members {
            guard let memberShape = shapes[member.shape] else { continue }
            let name = prefix.isEmpty ? member.wireName : "\(prefix).\(member.wireName)"
            if let value = try read(parameters, memberShape, flattened: member.flattened || memberShape.flattened, name: name) {
                members[member.name] = value
            }
        }
        // A nested structure none of whose members was sent is absent.
        return members.isEmpty && !prefix.isEmpty ? nil : .structure(members)
    }

    private func read(_ parameters: [String: String], _ shape: Shape, flattened: Bool, name: String) throws(WireError) -> ModelValue? {
        switch shape.kind {
        case .structure:
            return try structure(parameters, shape, prefix: name)
        case .list:
            guard let element = shape.member.flatMap({ shapes[$0.shape] }) else { return nil }
            let base = flattened ? name : "\(name).\(shape.member?.locationName ?? "member")"
            var items: [ModelValue] = []
            while items.count < parameters.count, let item = try read(parameters, element, flattened: false, name: "\(base).\(items.count + 1)") {
                items.append(item)
            }
            if items.isEmpty { return parameters[name] == "" ? .list([]) : nil }
            return .list(items)
        case .map:
            guard let keyShape = shape.key.flatMap({ shapes[$0.shape] }), let valueShape = shape.value.flatMap({ shapes[$0.shape] }) else { return nil }
            let base = flattened ? name : "\(name).entry"
            var entries: [ModelValue.MapEntry] = []
            while entries.count < parameters.count {
                let n = entries.count + 1
                guard case .string(let key)? = try read(parameters, keyShape, flattened: false, name: "\(base).\(n).\(shape.key?.locationName ?? "key")"),
                      let value = try read(parameters, valueShape, flattened: false, name: "\(base).\(n).\(shape.value?.locationName ?? "value")")
                else { break }
                entries.append(.init(key, value))
            }
            if entries.isEmpty { return parameters[name] == "" ? .map([]) : nil }
            return .map(entries)
        default:
            guard let text = parameters[name] else { return nil }
            return try ScalarText.value(text, shape, at: name)
        }
    }
}
