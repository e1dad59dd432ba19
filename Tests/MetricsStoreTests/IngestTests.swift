import Testing
@testable import MetricsStore

@Suite struct IngestTests {
    @Test func eventId_makesIngestIdempotentAcrossBatches() throws {
        let store = try MetricsStore(path: nil, catalog: .builtIn)
        let batch = [ev(.SEND, "2026-11-01", eventId: "a"), ev(.SEND, "2026-11-01", eventId: "b")]
        #expect(try store.ingest(batch) == IngestResult(accepted: 2, duplicates: 0))
        #expect(try store.ingest(batch) == IngestResult(accepted: 0, duplicates: 2))
        #expect(try store.total(.SEND) == 2)
        #expect(try store.eventCount() == 2)
    }

    @Test func eventCount_followsTheStoredRows_throughIngestsDuplicatesAndDeletes() throws {
        let path = temporaryDatabasePath()
        defer { removeDatabase(path) }
        let store = try MetricsStore(path: path, catalog: .builtIn)
        func rows() throws -> Int {
            let db = try Database(path: path, mode: .readOnly)
            let s = try db.makeStatement("SELECT count(*) FROM events")
            return try s.step() ? Int(s.int64(at: 0)) : -1
        }
        _ = try store.ingest([ev(.SEND, "2026-11-01", eventId: "a"), ev(.SEND, "2026-11-01", eventId: "a"), ev(.OPEN, "2026-11-02")])
        #expect(try store.eventCount() == 2)
        #expect(try rows() == 2)
        #expect(try store.deleteAllEvents() == 2)
        #expect(try store.eventCount() == 0)
        _ = try store.ingest([ev(.SEND, "2026-11-03")])
        #expect(try store.eventCount() == 1)
        #expect(try rows() == 1)
    }

    @Test func eventId_duplicatesWithinOneBatch_areCounted() throws {
        let store = try MetricsStore(path: nil, catalog: .builtIn)
        let r = try store.ingest([ev(.SEND, "2026-11-01", eventId: "a"), ev(.SEND, "2026-11-02", eventId: "a"),
                                  ev(.SEND, "2026-11-01", eventId: "b"), ev(.SEND, "2026-11-01"), ev(.SEND, "2026-11-01")])
        #expect(r == IngestResult(accepted: 4, duplicates: 1))
        #expect(try store.series(.SEND, "2026-11-01", "2026-11-03") == series([("2026-11-01", 4)]))
    }

    @Test func rollupsWrittenInParts_sumLikeOneWrite() throws {
        // More key-blocks than one part holds, each identity on two days, so parts merge into
        // blocks an earlier part wrote (the "*" rows in every part).
        let identities = Rollups.flushThreshold + 500
        let store = try MetricsStore(path: nil, catalog: .builtIn)
        var events: [Event] = []
        for i in 0..<(2 * identities) {
            let date = i < identities ? "2026-11-01" : "2026-11-20"
            events.append(ev(.SEND, date, identity: "u\(i % identities)@example.com"))
        }
        #expect(try store.ingest(events).accepted == 2 * identities)
        #expect(try store.series(.SEND, "2026-11-01", "2026-12-01")
                == series([("2026-11-01", Int64(identities)), ("2026-11-20", Int64(identities))]))
        #expect(try store.series(.SEND, "2026-11-01", "2026-12-01", identity: "u7@example.com")
                == series([("2026-11-01", 1), ("2026-11-20", 1)]))
        #expect(try store.total(.SEND, isp: "Gmail") == Int64(2 * identities))
    }

    @Test func eventsWithoutEventId_areNeverDuplicates() throws {
        let store = try MetricsStore(path: nil, catalog: .builtIn)
        _ = try store.ingest([ev(.SEND, "2026-11-01")])
        #expect(try store.ingest([ev(.SEND, "2026-11-01")]) == IngestResult(accepted: 1, duplicates: 0))
        #expect(try store.total(.SEND) == 2)
    }

    @Test func invalidEvent_rejectsTheWholeBatch() throws {
        let store = try MetricsStore(path: nil, catalog: .builtIn)
        _ = try store.ingest([ev(.SEND, "2026-11-01", eventId: "keep")])
        let bad = [ev(.SEND, "2026-11-01", eventId: "x"), ev(.SEND, "2026-11-01", isp: "Mail.ru"), ev(.SEND, "2026-11-01")]
        #expect(throws: MetricsStoreError.invalidEvent(index: 1, field: "isp", reason: "unknown ISP \"Mail.ru\" (not in the ISP catalog)")) {
            try store.ingest(bad)
        }
        #expect(try store.eventCount() == 1)
        #expect(try store.total(.SEND) == 1)
        // the rejected batch's eventIds were not recorded
        #expect(try store.ingest([ev(.SEND, "2026-11-01", eventId: "x")]) == IngestResult(accepted: 1, duplicates: 0))
    }

    @Test(arguments: [
        ("emailIdentity", ev(.SEND, "2026-11-01", identity: "*")),
        ("emailIdentity", ev(.SEND, "2026-11-01", identity: "")),
        ("configurationSet", ev(.SEND, "2026-11-01", configurationSet: "*")),
        ("configurationSet", ev(.SEND, "2026-11-01", configurationSet: "")),
        ("recipientCount", ev(.SEND, "2026-11-01", recipientCount: 0)),
        ("eventId", ev(.SEND, "2026-11-01", eventId: "")),
        ("messageId", ev(.SEND, "2026-11-01", messageId: "")),
    ])
    func eventsBuiltInCode_areValidated(field: String, event: Event) throws {
        let store = try MetricsStore(path: nil, catalog: .builtIn)
        do {
            _ = try store.ingest([event])
            Issue.record("accepted an invalid event")
        } catch let MetricsStoreError.invalidEvent(index, f, _) {
            #expect(index == 0)
            #expect(f == field)
        }
    }

    @Test func bulkIngest_rollsBackWhenTheBodyThrows() throws {
        struct Stop: Error {}
        let store = try MetricsStore(path: nil, catalog: .builtIn)
        #expect(throws: Stop.self) {
            try store.bulkIngest { session in
                for i in 0..<1000 { try session.add(ev(.SEND, "2026-11-01", eventId: "e\(i)")) }
                throw Stop()
            }
        }
        #expect(try store.eventCount() == 0)
        #expect(try store.total(.SEND) == 0)
        let r = try store.bulkIngest { session in
            for i in 0..<1000 { try session.add(ev(.SEND, "2026-11-01", eventId: "e\(i % 600)")) }
        }
        #expect(r == IngestResult(accepted: 600, duplicates: 400))
        #expect(try store.total(.SEND) == 600)
    }

    @Test func deleteAllEvents_emptiesEverything() throws {
        let store = try MetricsStore(path: nil, catalog: .builtIn)
        _ = try store.ingest([ev(.SEND, "2026-11-01", eventId: "a"), ev(.OPEN, "2026-11-01", messageId: "m")])
        #expect(try store.deleteAllEvents() == 2)
        #expect(try store.eventCount() == 0)
        #expect(try store.total(.SEND) == 0)
        // eventIds and first opens are forgotten too
        #expect(try store.ingest([ev(.SEND, "2026-11-01", eventId: "a"), ev(.OPEN, "2026-11-02", messageId: "m")]) == IngestResult(accepted: 2, duplicates: 0))
        #expect(try store.series(.OPEN, "2026-11-01", "2026-11-03") == series([("2026-11-02", 1)]))
    }

    @Test func closedStore_refusesWork_andTemporaryFileIsDeleted() throws {
        let store = try MetricsStore(path: nil, catalog: .builtIn)
        let path = store.path
        #expect(fileExists(path))
        store.close()
        #expect(!fileExists(path))
        #expect(!fileExists(path + "-wal"))
        #expect(throws: MetricsStoreError.closed) { try store.ingest([]) }
        #expect(throws: MetricsStoreError.closed) { try store.eventCount() }
        store.close() // twice is fine
    }

    @Test func temporaryStore_usesWAL() throws {
        let store = try MetricsStore(path: nil, catalog: .builtIn)
        _ = try store.ingest([ev(.SEND, "2026-11-01")])
        #expect(fileExists(store.path + "-wal"))
    }

    @Test func readersSeeCommittedData_whileAnIngestIsOpen() throws {
        let store = try MetricsStore(path: nil, catalog: .builtIn)
        _ = try store.ingest([ev(.SEND, "2026-11-01")])
        _ = try store.bulkIngest { session in
            try session.add(ev(.SEND, "2026-11-01"))
            // Mid-transaction: the reader answers at once with the last committed state.
            #expect(try store.total(.SEND) == 1)
        }
        #expect(try store.total(.SEND) == 2)
    }

    @Test func concurrentQueriesAndIngests_areSafe() async throws {
        let store = try MetricsStore(path: nil, catalog: .builtIn)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for w in 0..<4 {
                group.addTask {
                    for i in 0..<25 { _ = try store.ingest([ev(.SEND, "2026-11-01", eventId: "w\(w)-\(i)")]) }
                }
            }
            for _ in 0..<4 {
                group.addTask {
                    for _ in 0..<50 {
                        let t = try store.total(.SEND)
                        #expect(t >= 0 && t <= 100)
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(try store.total(.SEND) == 100)
    }
}
