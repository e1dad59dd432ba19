import JSON
import MetricsStore
import SESWire

/// The identities or configuration sets the API knows: those created through it and those that
/// appear in stored events (seed data, ingested), so a dashboard that lists them and then
/// queries each one works on any data. A name seen only in events reads as created with the
/// defaults (an identity as never verified), and cannot be deleted: its events define it.
package struct ResourceRegistry: Sendable {
    package let created: ResourceCollection
    private let store: MetricsStore
    private let seen: @Sendable (DataSummary) -> [String: Int]
    /// The document members a name known from events only is created with when its settings
    /// change; nil: such a name must be created through the API first.
    private let unset: [(String, JSONFragment)]?

    package init(store: MetricsStore, kind: ResourceKind, unset: [(String, JSONFragment)]? = nil,
                 seenIn seen: @escaping @Sendable (DataSummary) -> [String: Int]) {
        self.store = store
        self.seen = seen
        self.unset = unset
        created = ResourceCollection(store: store, kind: kind)
    }

    package var kind: ResourceKind { created.kind }

    package struct Known: Sendable {
        package let name: String
        /// nil for a name known only from stored events.
        package let resource: Resource?
    }

    /// Every known name, by key.
    package func all() throws(AWSError) -> [Known] {
        var byKey: [String: Known] = [:]
        for name in try seenNames() { byKey[kind.key(name)] = Known(name: name, resource: nil) }
        for resource in try created.all() { byKey[kind.key(resource.name)] = Known(name: resource.name, resource: resource) }
        return byKey.sorted { $0.key < $1.key }.map(\.value)
    }

    package func find(_ name: String) throws(AWSError) -> Known? {
        if let resource = try created.find(name) { return Known(name: resource.name, resource: resource) }
        let key = kind.key(name)
        return try seenNames().first { kind.key($0) == key }.map { Known(name: $0, resource: nil) }
    }

    package func get(_ name: String) throws(AWSError) -> Known {
        guard let known = try find(name) else { throw created.notFound(name) }
        return known
    }

    /// Sets members of a known resource (ResourceCollection.modify); a name known from stored
    /// events only is first created as it reads (`unset`), so its settings can be changed.
    package func modify(_ name: String, atMillis now: Int64,
                        _ change: (Resource) throws(AWSError) -> [(String, JSONFragment)]) throws(AWSError) {
        if try created.find(name) == nil {
            guard let known = try find(name) else { throw created.notFound(name) }
            guard let unset else {
                throw .badRequest("\(kind.label) \(known.name) is known from stored events only; create it through the API to change its settings.")
            }
            // A concurrent call may have created it since: its document is then the one changed.
            do { try created.create(name: known.name, members: unset, atMillis: now) } catch .alreadyExists {}
        }
        try created.modify(name, change)
    }

    /// Deletes a created resource; a name known from events only is refused, saying why.
    package func delete(_ name: String) throws(AWSError) {
        if try created.find(name) != nil { return try created.delete(name) }
        guard try find(name) != nil else { throw created.notFound(name) }
        throw .badRequest("\(kind.label) \(name) exists because stored events name it; delete those events (DELETE /_emulator/events) to remove it.")
    }

    private func seenNames() throws(AWSError) -> Dictionary<String, Int>.Keys {
        try seen(AWSError.fromStore { try store.summary() }).keys
    }
}
