/// Named documents by kind: each write is one durable transaction.
extension MetricsStore {
    /// Stores a new resource; false (and nothing written) when the key is taken.
    public func insertResource(kind: String, _ resource: StoredResource) throws -> Bool {
        try withWriter { db in
            let s = try db.cachedStatement("""
                INSERT INTO resources (kind, key, created_ms, document) VALUES (?1, ?2, ?3, ?4)
                ON CONFLICT (kind, key) DO NOTHING
                """)
            defer { s.reset() }
            s.bind(kind, at: 1)
            s.bind(resource.key, at: 2)
            s.bind(resource.createdMillis, at: 3)
            s.bind(resource.document, at: 4)
            try s.execute()
            return db.changes == 1
        }
    }

    /// Inserts a resource, or replaces the document of the one with its key (creation time kept).
    public func putResource(_ put: ResourcePut) throws {
        try withWriter { db in try Self.put(put, on: db) }
    }

    static func put(_ put: ResourcePut, on db: Database) throws {
        let s = try db.cachedStatement("""
            INSERT INTO resources (kind, key, created_ms, document) VALUES (?1, ?2, ?3, ?4)
            ON CONFLICT (kind, key) DO UPDATE SET document = excluded.document
            """)
        defer { s.reset() }
        s.bind(put.kind, at: 1)
        s.bind(put.resource.key, at: 2)
        s.bind(put.resource.createdMillis, at: 3)
        s.bind(put.resource.document, at: 4)
        try s.execute()
    }

    /// Replaces the document of an existing resource (its creation time stays); false when absent.
    public func updateResource(kind: String, key: String, document: String) throws -> Bool {
        try withWriter { db in
            let s = try db.cachedStatement("UPDATE resources SET document = ?3 WHERE kind = ?1 AND key = ?2")
            defer { s.reset() }
            s.bind(kind, at: 1)
            s.bind(key, at: 2)
            s.bind(document, at: 3)
            try s.execute()
            return db.changes == 1
        }
    }

    /// Rewrites an existing resource's document from its current one in one write transaction,
    /// so two changes to one resource never lose each other; `change` returning nil leaves it
    /// as it is. False when absent.
    public func modifyResource(kind: String, key: String, _ change: (StoredResource) throws -> String?) throws -> Bool {
        try withWriter { db in
            try db.inTransaction {
                let read = try db.cachedStatement("SELECT key, created_ms, document FROM resources WHERE kind = ?1 AND key = ?2")
                defer { read.reset() }
                read.bind(kind, at: 1)
                read.bind(key, at: 2)
                guard try read.step() else { return false }
                let current = Self.resource(read)
                read.reset()
                guard let document = try change(current) else { return true }
                let write = try db.cachedStatement("UPDATE resources SET document = ?3 WHERE kind = ?1 AND key = ?2")
                defer { write.reset() }
                write.bind(kind, at: 1)
                write.bind(key, at: 2)
                write.bind(document, at: 3)
                try write.execute()
                return true
            }
        }
    }

    /// False when absent. `dependents`: the resources of another kind whose keys start with the
    /// prefix go in the same transaction (a contact list's contacts).
    public func deleteResource(kind: String, key: String, dependents: (kind: String, keyPrefix: String)? = nil) throws -> Bool {
        try withWriter { db in
            try db.inTransaction {
                let s = try db.cachedStatement("DELETE FROM resources WHERE kind = ?1 AND key = ?2")
                defer { s.reset() }
                s.bind(kind, at: 1)
                s.bind(key, at: 2)
                try s.execute()
                guard db.changes == 1 else { return false }
                if let dependents {
                    // A range on the primary key, not LIKE: the prefix is data, not a pattern.
                    let d = try db.cachedStatement("DELETE FROM resources WHERE kind = ?1 AND key >= ?2 AND key < ?3")
                    defer { d.reset() }
                    d.bind(dependents.kind, at: 1)
                    d.bind(dependents.keyPrefix, at: 2)
                    d.bind(dependents.keyPrefix + "\u{10FFFF}", at: 3)
                    try d.execute()
                }
                return true
            }
        }
    }

    /// Deletes the resources of a kind with these keys in one transaction; returns how many there were.
    public func deleteResources(kind: String, keys: [String]) throws -> Int {
        try withWriter { db in
            try db.inTransaction {
                let s = try db.cachedStatement("DELETE FROM resources WHERE kind = ?1 AND key = ?2")
                defer { s.reset() }
                var deleted = 0
                for key in keys {
                    s.reset()
                    s.bind(kind, at: 1)
                    s.bind(key, at: 2)
                    try s.execute()
                    deleted += db.changes
                }
                return deleted
            }
        }
    }

    /// How many resources each kind has (kinds with none are absent).
    public func resourceCounts() throws -> [String: Int] {
        try withReader { r in
            let s = try r.db.cachedStatement("SELECT kind, COUNT(*) FROM resources GROUP BY kind")
            defer { s.reset() }
            var out: [String: Int] = [:]
            while try s.step() { out[s.string(at: 0) ?? ""] = Int(s.int64(at: 1)) }
            return out
        }
    }

    /// The resources of a kind whose keys start with `prefix`, by key.
    public func resources(kind: String, keyPrefix prefix: String) throws -> [StoredResource] {
        try withReader { r in
            let s = try r.db.cachedStatement("SELECT key, created_ms, document FROM resources WHERE kind = ?1 AND key >= ?2 AND key < ?3 ORDER BY key")
            defer { s.reset() }
            s.bind(kind, at: 1)
            s.bind(prefix, at: 2)
            s.bind(prefix + "\u{10FFFF}", at: 3)
            var out: [StoredResource] = []
            while try s.step() { out.append(Self.resource(s)) }
            return out
        }
    }

    public func resource(kind: String, key: String) throws -> StoredResource? {
        try withReader { r in
            let s = try r.db.cachedStatement("SELECT key, created_ms, document FROM resources WHERE kind = ?1 AND key = ?2")
            defer { s.reset() }
            s.bind(kind, at: 1)
            s.bind(key, at: 2)
            return try s.step() ? Self.resource(s) : nil
        }
    }

    /// At most `limit` resources of a kind whose keys sort after `key` (from the first when nil), by
    /// key: a long list read a chunk at a time, so no read holds all of it.
    public func resources(kind: String, after key: String?, limit: Int) throws -> [StoredResource] {
        try withReader { r in
            let s = try r.db.cachedStatement("SELECT key, created_ms, document FROM resources WHERE kind = ?1 AND key > ?2 ORDER BY key LIMIT ?3")
            defer { s.reset() }
            s.bind(kind, at: 1)
            s.bind(key ?? "", at: 2)
            s.bind(Int64(limit), at: 3)
            var out: [StoredResource] = []
            while try s.step() { out.append(Self.resource(s)) }
            return out
        }
    }

    /// Every resource of a kind, by key (SQLite's binary order).
    public func resources(kind: String) throws -> [StoredResource] {
        try withReader { r in
            let s = try r.db.cachedStatement("SELECT key, created_ms, document FROM resources WHERE kind = ?1 ORDER BY key")
            defer { s.reset() }
            s.bind(kind, at: 1)
            var out: [StoredResource] = []
            while try s.step() { out.append(Self.resource(s)) }
            return out
        }
    }

    private static func resource(_ s: Statement) -> StoredResource {
        StoredResource(key: s.string(at: 0) ?? "", createdMillis: s.int64(at: 1), document: s.string(at: 2) ?? "")
    }
}
