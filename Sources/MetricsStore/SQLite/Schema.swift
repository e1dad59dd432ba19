/// The database layout and its history.
///
/// - v1: raw events only (the truth), unique `event_id` for idempotent ingestion.
/// - v2: daily rollups and the first OPEN/CLICK per message (filled by the last layout's rebuild).
/// - v3: the event count kept in `meta`, so health need not count millions of rows.
/// - v4: rollups in 32-day blocks (RollupBlock).
/// - v5: `settings`, opaque text values under keys (the SES layer keeps its account settings there),
///   and a partial index of the sends that count toward a sending quota.
/// - v6: events carry an optional tenant; rollups gain a `tenant` key (`*` for all) with rows per
///   tenant only for events that have one, so data without tenants writes no more rows than
///   before; rebuilt from the events.
/// - v7: `resources` (named documents the SES layer owns: identities, configuration sets,
///   templates; opaque JSON text under a kind and a key) and `messages` (each mail sent through
///   the API, written in the same transaction as its events).
/// - v8: a partial index of the hard bounces and complaints by time, for SES v1's
///   GetSendStatistics (the sends are in v5's index); small, as feedback is a few percent of events.
///
/// Rollup rows use sentinels no event may carry: `*` = all values of a dimension, and for
/// `configuration_set` the empty string = events without a configuration set.
enum Schema {
    static let all = "*"
    static let noConfigurationSet = ""

    static let migrations: [Migration] = [
        Migration(version: 1, name: "events") { db in
            try db.execute("""
                CREATE TABLE events (
                    id INTEGER PRIMARY KEY,
                    event_id TEXT,
                    type TEXT NOT NULL,
                    timestamp_ms INTEGER NOT NULL,
                    email_identity TEXT NOT NULL,
                    configuration_set TEXT,
                    isp TEXT NOT NULL,
                    message_id TEXT,
                    recipient_count INTEGER NOT NULL DEFAULT 1,
                    mailbox_simulator INTEGER NOT NULL DEFAULT 0,
                    suppression_list INTEGER NOT NULL DEFAULT 0,
                    open_tracking INTEGER NOT NULL DEFAULT 0,
                    click_tracking INTEGER NOT NULL DEFAULT 0
                );
                CREATE UNIQUE INDEX events_event_id ON events(event_id);
                """)
        },
        Migration(version: 2, name: "rollups") { db in
            try db.execute("""
                CREATE TABLE first_engagements (
                    kind TEXT NOT NULL,
                    message_id TEXT NOT NULL,
                    event_rowid INTEGER NOT NULL,
                    PRIMARY KEY (kind, message_id)
                ) WITHOUT ROWID;
                CREATE TABLE rollups (
                    metric TEXT NOT NULL,
                    email_identity TEXT NOT NULL,
                    configuration_set TEXT NOT NULL,
                    isp TEXT NOT NULL,
                    day INTEGER NOT NULL,
                    value INTEGER NOT NULL,
                    PRIMARY KEY (metric, email_identity, configuration_set, isp, day)
                ) WITHOUT ROWID;
                """)
            // Not rebuilt here: Rollups.rebuild writes the latest layout, and v6 rebuilds.
        },
        Migration(version: 3, name: "event count") { db in
            try db.execute("""
                CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
                INSERT INTO meta (key, value) SELECT 'event_count', count(*) FROM events;
                """)
        },
        Migration(version: 4, name: "rollups in 32-day blocks") { db in
            try db.execute("""
                DROP TABLE rollups;
                CREATE TABLE rollups (
                    metric TEXT NOT NULL,
                    email_identity TEXT NOT NULL,
                    configuration_set TEXT NOT NULL,
                    isp TEXT NOT NULL,
                    block INTEGER NOT NULL,
                    counts BLOB NOT NULL,
                    PRIMARY KEY (metric, email_identity, configuration_set, isp, block)
                ) WITHOUT ROWID;
                """)
            // Not rebuilt here: Rollups.rebuild writes the latest layout, and v6 rebuilds.
        },
        Migration(version: 5, name: "settings and the send index") { db in
            // The index holds only the quota's sends, with their recipients: the sum over a time
            // window reads the index alone.
            try db.execute("""
                CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
                CREATE INDEX events_quota_sends ON events(timestamp_ms, recipient_count)
                    WHERE type = 'SEND' AND mailbox_simulator = 0;
                """)
        },
        Migration(version: 6, name: "tenants") { db in
            try db.execute("""
                ALTER TABLE events ADD COLUMN tenant TEXT;
                DROP TABLE rollups;
                CREATE TABLE rollups (
                    metric TEXT NOT NULL,
                    email_identity TEXT NOT NULL,
                    configuration_set TEXT NOT NULL,
                    isp TEXT NOT NULL,
                    tenant TEXT NOT NULL,
                    block INTEGER NOT NULL,
                    counts BLOB NOT NULL,
                    PRIMARY KEY (metric, email_identity, configuration_set, isp, tenant, block)
                ) WITHOUT ROWID;
                """)
            try Rollups.rebuild(db)
        },
        Migration(version: 7, name: "resources and sent messages") { db in
            try db.execute("""
                CREATE TABLE resources (
                    kind TEXT NOT NULL,
                    key TEXT NOT NULL,
                    created_ms INTEGER NOT NULL,
                    document TEXT NOT NULL,
                    PRIMARY KEY (kind, key)
                ) WITHOUT ROWID;
                CREATE TABLE messages (
                    id INTEGER PRIMARY KEY,
                    message_id TEXT NOT NULL UNIQUE,
                    timestamp_ms INTEGER NOT NULL,
                    source TEXT NOT NULL,
                    document TEXT NOT NULL
                );
                """)
        },
        Migration(version: 8, name: "the feedback index") { db in
            try db.execute("""
                CREATE INDEX events_feedback ON events(timestamp_ms)
                    WHERE type IN ('PERMANENT_BOUNCE', 'COMPLAINT') AND mailbox_simulator = 0;
                """)
        },
    ]

    static var latestVersion: Int64 { migrations.last!.version }

    /// Brings `db` forward to `target` (the latest by default).
    static func migrate(_ db: Database, upTo target: Int64 = latestVersion) throws {
        let current = try db.pragmaInt("user_version")
        if current > latestVersion {
            throw MetricsStoreError.schemaTooNew(found: current, supported: latestVersion)
        }
        let pending = migrations.filter { $0.version > current && $0.version <= target }
        guard let last = pending.last else { return }
        // One transaction for all the steps: a crash leaves the file at its old version, never at
        // a middle one whose derived tables a later step was to fill.
        try db.inTransaction {
            for m in pending { try m.apply(db) }
            // user_version cannot be a bound parameter; the value is our own integer.
            try db.execute("PRAGMA user_version = \(last.version)")
        }
    }
}
