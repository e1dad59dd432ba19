import JSON
import SESWire

/// The resources TagResource, UntagResource, ListTagsForResource and the tenant associations
/// reach by ARN (`arn:aws:ses:<region>:<account>:<type>/<name>`), and their `Tags` member. One
/// emulated account and region serve every caller, so any region and any 12-digit account are taken.
package struct ResourcesByARN: Sendable {
    /// Kinds whose names stored events also make known, by ARN resource type.
    private let registries: [String: ResourceRegistry]
    /// Kinds only the API creates, by ARN resource type.
    private let collections: [String: ResourceCollection]
    /// SES's limit of tags on one resource.
    package static let limit = 50

    package init(registries: [String: ResourceRegistry], collections: [String: ResourceCollection]) {
        self.registries = registries
        self.collections = collections
    }

    /// The resource's tags, `[{Key, Value}]` as stored.
    package func tags(_ arn: String) throws(AWSError) -> [JSONValue] {
        let (type, name) = try parse(arn)
        let resource: Resource?
        if let registry = registries[type] { resource = try registry.get(name).resource } else { resource = try collections[type]!.get(name) }
        guard case .array(let items)? = resource?["Tags"] else { return [] }
        return items
    }

    /// Sets the resource's tags to `change` of the current ones.
    package func retag(_ arn: String, atMillis now: Int64, _ change: ([JSONValue]) throws(AWSError) -> [JSONValue]) throws(AWSError) {
        let (type, name) = try parse(arn)
        func update(_ resource: Resource) throws(AWSError) -> [(String, JSONFragment)] {
            var current: [JSONValue] = []
            if case .array(let items)? = resource["Tags"] { current = items }
            let tags = try change(current)
            guard tags.count <= Self.limit else {
                throw .badRequest("A resource can have at most \(Self.limit) tags; this change would leave \(tags.count).")
            }
            return [("Tags", .json(.array(tags)))]
        }
        if let registry = registries[type] { try registry.modify(name, atMillis: now, update) } else { try collections[type]!.modify(name, update) }
    }

    /// The ARN's resource type and the resource's name as created; NotFound when it does not exist.
    package func resolve(_ arn: String) throws(AWSError) -> (type: String, name: String) {
        let (type, name) = try parse(arn)
        if let registry = registries[type] { return (type, try registry.get(name).name) }
        return (type, try collections[type]!.get(name).name)
    }

    /// The resource type and name of an SES ARN this emulator keeps; NotFound for a well-formed
    /// ARN of anything else, BadRequest for a malformed one.
    private func parse(_ arn: String) throws(AWSError) -> (type: String, name: String) {
        let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn", parts[1].hasPrefix("aws"), parts[2] == "ses",
              parts[4].count == 12, parts[4].allSatisfy(\.isNumber), let slash = parts[5].firstIndex(of: "/") else {
            throw .badRequest("Invalid resource ARN \(arn): expected arn:aws:ses:<region>:<account>:<type>/<name>.")
        }
        let type = String(parts[5][..<slash])
        var name = String(parts[5][parts[5].index(after: slash)...])
        // A tenant's ARN ends in `tenant/<name>/<id>`.
        if type == "tenant", let end = name.firstIndex(of: "/") { name = String(name[..<end]) }
        guard !name.isEmpty, registries[type] != nil || collections[type] != nil else {
            throw .notFound("Resource \(arn) does not exist.")
        }
        return (type, name)
    }
}
