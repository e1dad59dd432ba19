import JSON
import MetricsStore
import SESWire

/// The resources of one kind in the store, with AWS's errors for names taken or unknown.
package struct ResourceCollection: Sendable {
    package let store: MetricsStore
    package let kind: ResourceKind

    /// Stores a new resource; `members` become its document after the name member.
    package func create(name: String, members: [(String, JSONFragment)], atMillis created: Int64) throws(AWSError) {
        let document = JSONFragment.object([(kind.nameMember, .string(name))] + members)
        let stored = StoredResource(key: kind.key(name), createdMillis: created, document: String(decoding: document.bytes, as: UTF8.self))
        guard try AWSError.fromStore({ try store.insertResource(kind: kind.rawValue, stored) }) else {
            throw alreadyExists(name)
        }
    }

    /// Replaces the document of an existing resource, keeping its name as created.
    package func update(_ resource: Resource, members: [(String, JSONFragment)]) throws(AWSError) {
        let document = JSONFragment.object([(kind.nameMember, .string(resource.name))] + members)
        guard try AWSError.fromStore({ try store.updateResource(kind: kind.rawValue, key: kind.key(resource.name),
                                                  document: String(decoding: document.bytes, as: UTF8.self)) }) else {
            throw notFound(resource.name)
        }
    }

    /// Sets members of an existing resource's document (replaced where present, else added),
    /// computed from its current state in one transaction: two changes to one resource never lose
    /// each other. A refusal thrown by `change` leaves the resource as it was.
    package func modify(_ name: String, _ change: (Resource) throws(AWSError) -> [(String, JSONFragment)]) throws(AWSError) {
        var refusal: AWSError?
        let found = try AWSError.fromStore {
            try store.modifyResource(kind: kind.rawValue, key: kind.key(name)) { stored in
                let current = resource(stored)
                let changed: [(String, JSONFragment)]
                do throws(AWSError) { changed = try change(current) } catch {
                    refusal = error
                    return nil
                }
                var members = current.document.members.map { ($0.key, JSONFragment.json($0.value)) }
                for (key, value) in changed {
                    if let i = members.firstIndex(where: { $0.0 == key }) { members[i].1 = value } else { members.append((key, value)) }
                }
                return String(decoding: JSONFragment.object(members).bytes, as: UTF8.self)
            }
        }
        if let refusal { throw refusal }
        guard found else { throw notFound(name) }
    }

    package func find(_ name: String) throws(AWSError) -> Resource? {
        try AWSError.fromStore { try store.resource(kind: kind.rawValue, key: kind.key(name)) }.map(resource)
    }

    package func get(_ name: String) throws(AWSError) -> Resource {
        guard let found = try find(name) else { throw notFound(name) }
        return found
    }

    package func delete(_ name: String) throws(AWSError) {
        guard try AWSError.fromStore({ try store.deleteResource(kind: kind.rawValue, key: kind.key(name)) }) else { throw notFound(name) }
    }

    /// Every resource of the kind, by key.
    package func all() throws(AWSError) -> [Resource] {
        try AWSError.fromStore { try store.resources(kind: kind.rawValue) }.map(resource)
    }

    /// The first `count` resources after `key` (by key) that `keep` accepts, and the key of the
    /// last of them when more follow (the next page's token): read from the store a chunk at a
    /// time, so a list of any length costs one page.
    package func page(after key: String?, count: Int, where keep: (Resource) -> Bool) throws(AWSError) -> (items: [Resource], nextToken: String?) {
        let chunkSize = 256
        var items: [Resource] = []
        var lastKey: String?
        var cursor = key
        while true {
            let chunk = try AWSError.fromStore { try store.resources(kind: kind.rawValue, after: cursor, limit: chunkSize) }
            for stored in chunk {
                let r = resource(stored)
                guard keep(r) else { continue }
                if items.count == count { return (items, lastKey) }
                items.append(r)
                lastKey = stored.key
            }
            guard chunk.count == chunkSize, let last = chunk.last else { return (items, nil) }
            cursor = last.key
        }
    }

    package func notFound(_ name: String) -> AWSError { .notFound("\(kind.label) \(name) does not exist.") }

    package func alreadyExists(_ name: String) -> AWSError { .alreadyExists("\(kind.label) \(name) already exists.") }

    private func resource(_ stored: StoredResource) -> Resource { Self.resource(stored, kind: kind) }

    /// A stored document as a resource of `kind`.
    package static func resource(_ stored: StoredResource, kind: ResourceKind) -> Resource {
        // The store holds only documents this type wrote; an unreadable one reads as empty.
        let object: JSONObject
        if case .object(let o)? = try? JSONParser.parse(Array(stored.document.utf8)) { object = o } else { object = JSONObject(members: []) }
        var name = stored.key
        if case .string(let n)? = object[kind.nameMember] { name = n }
        return Resource(name: name, createdMillis: stored.createdMillis, document: object)
    }

    package init(store: MetricsStore, kind: ResourceKind) {
        self.store = store
        self.kind = kind
    }
}
