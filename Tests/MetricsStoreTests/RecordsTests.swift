import Dispatch
import Synchronization
import Testing
@testable import MetricsStore

/// Named resources, sent messages written with their events, and the event listing.
@Suite struct RecordsTests {
    @Test func resources_insertOnce_updateKeepsCreation_deleteAndList() throws {
        let store = try MetricsStore(path: nil)
        #expect(try store.insertResource(kind: "k", StoredResource(key: "b", createdMillis: 5, document: "{\"v\":1}")))
        #expect(try !store.insertResource(kind: "k", StoredResource(key: "b", createdMillis: 9, document: "{}")), "the key is taken")
        #expect(try store.insertResource(kind: "k", StoredResource(key: "a", createdMillis: 6, document: "{}")))
        #expect(try store.insertResource(kind: "other", StoredResource(key: "b", createdMillis: 7, document: "{}")))
        #expect(try store.updateResource(kind: "k", key: "b", document: "{\"v\":2}"))
        #expect(try !store.updateResource(kind: "k", key: "zz", document: "{}"))
        #expect(try store.resource(kind: "k", key: "b") == StoredResource(key: "b", createdMillis: 5, document: "{\"v\":2}"))
        #expect(try store.resources(kind: "k").map(\.key) == ["a", "b"])
        #expect(try store.deleteResource(kind: "k", key: "a"))
        #expect(try !store.deleteResource(kind: "k", key: "a"))
    }

    @Test func resourcesAfterKey_readAChunkByKey_fromTheStartOrAfterAnyKey() throws {
        let store = try MetricsStore(path: nil)
        for key in ["c", "a", "e", "b", "d"] {
            #expect(try store.insertResource(kind: "k", StoredResource(key: key, createdMillis: 1, document: "{}")))
        }
        #expect(try store.insertResource(kind: "other", StoredResource(key: "bb", createdMillis: 1, document: "{}")))
        #expect(try store.resources(kind: "k", after: nil, limit: 2).map(\.key) == ["a", "b"])
        #expect(try store.resources(kind: "k", after: "b", limit: 2).map(\.key) == ["c", "d"])
        #expect(try store.resources(kind: "k", after: "bz", limit: 10).map(\.key) == ["c", "d", "e"], "a key that is not stored")
        #expect(try store.resources(kind: "k", after: "e", limit: 10).isEmpty)
    }

    @Test func pageCache_isTheWritersAndASixteenthForEachReader_andReleasingMemoryKeepsTheStoreWorking() throws {
        let store = try MetricsStore(path: nil, pageCacheMiB: 16)
        #expect(try store.withWriter { try $0.pragmaText("cache_size") } == "-16384")
        #expect(try store.withReader { try $0.db.pragmaText("cache_size") } == "-1024")
        #expect(try MetricsStore(path: nil, pageCacheMiB: 32).withReader { try $0.db.pragmaText("cache_size") } == "-2048")
        #expect(try MetricsStore(path: nil, pageCacheMiB: 2).withReader { try $0.db.pragmaText("cache_size") } == "-1024",
                "at least 1 MiB")
        #expect(try store.insertResource(kind: "k", StoredResource(key: "a", createdMillis: 1, document: "{}")))
        store.releaseMemory()
        #expect(try store.resources(kind: "k").map(\.key) == ["a"], "a reader opens again")
        #expect(try store.insertResource(kind: "k", StoredResource(key: "b", createdMillis: 1, document: "{}")))
    }

    @Test func modifyResource_readsAndWritesInOneTransaction_soConcurrentChangesAllLand() throws {
        let store = try MetricsStore(path: nil)
        #expect(try store.insertResource(kind: "k", StoredResource(key: "a", createdMillis: 3, document: "")))
        #expect(try !store.modifyResource(kind: "k", key: "none") { _ in "x" }, "absent")
        #expect(try store.modifyResource(kind: "k", key: "a") { _ in nil }, "nil leaves it")
        #expect(try store.resource(kind: "k", key: "a")?.document == "")
        // 200 appends from 4 threads: a read-then-write outside one transaction would lose some.
        DispatchQueue.concurrentPerform(iterations: 4) { t in
            for i in 0..<50 { _ = try! store.modifyResource(kind: "k", key: "a") { $0.document + "\(t)-\(i)," } }
        }
        let parts = try #require(try store.resource(kind: "k", key: "a")).document.split(separator: ",")
        #expect(parts.count == 200 && Set(parts).count == 200)
        #expect(try store.resource(kind: "k", key: "a")?.createdMillis == 3)
        struct Refused: Error {}
        #expect(throws: Refused.self) { try store.modifyResource(kind: "k", key: "a") { _ in throw Refused() } }
        #expect(try store.resource(kind: "k", key: "a")?.document.split(separator: ",").count == 200)
    }

    @Test func sendStatistics_countWhatTheVDMMetricsCount_perQuarterHour() throws {
        let store = try MetricsStore(path: nil)
        var events = [ev(.SEND, "2026-11-01", hour: 10), ev(.SEND, "2026-11-01", hour: 10), ev(.PERMANENT_BOUNCE, "2026-11-01", hour: 10),
                      ev(.COMPLAINT, "2026-11-01", hour: 11), ev(.DELIVERY, "2026-11-01", hour: 11), ev(.TRANSIENT_BOUNCE, "2026-11-01", hour: 11)]
        // None of these count: simulator, several recipients, the suppression list's bounce.
        events += [ev(.SEND, "2026-11-01", hour: 10, simulator: true), ev(.SEND, "2026-11-01", hour: 10, recipientCount: 2),
                   ev(.PERMANENT_BOUNCE, "2026-11-01", hour: 10, suppressionList: true)]
        var late = ev(.SEND, "2026-11-01", hour: 10)
        late.timestampMillis += 14 * 60_000 + 59_999   // the last millisecond of the 10:00 interval
        events.append(late)
        _ = try store.ingest(events)
        let points = try store.sendStatistics(fromMillis: at("2026-11-01", hour: 0), toMillis: at("2026-11-02", hour: 0))
        #expect(points == [SendStatisticsPoint(startMillis: at("2026-11-01", hour: 10), deliveryAttempts: 3, bounces: 1),
                           SendStatisticsPoint(startMillis: at("2026-11-01", hour: 11), complaints: 1)])
        #expect(try store.sendStatistics(fromMillis: at("2026-11-01", hour: 11), toMillis: at("2026-11-02", hour: 0)).count == 1)
    }

    @Test func reset_emptiesTheStoreAndWritesBack_inOneTransaction() throws {
        let store = try MetricsStore(path: nil)
        #expect(try store.insertResource(kind: "k", StoredResource(key: "a", createdMillis: 1, document: "{}")))
        let message = StoredMessage(messageId: "m1", timestampMillis: at("2026-11-01"), source: "a@x.com", document: "{}")
        _ = try store.record(messages: [message], events: [ev(.SEND, "2026-11-01", messageId: "m1", eventId: "m1-0")])
        try store.setSetting("s", "before")

        struct Refused: Error {}
        #expect(throws: Refused.self) {
            try store.reset { reset in
                _ = try reset.ingest([ev(.SEND, "2026-11-02", eventId: "seed-1")])
                throw Refused()
            }
        }
        #expect(try store.eventCount() == 1 && store.messages().count == 1 && store.resources(kind: "k").count == 1,
                "a reset that fails changes nothing")
        #expect(try store.setting("s") == "before")

        let result = try store.reset { reset in
            #expect(try reset.ingest([ev(.SEND, "2026-11-02", eventId: "seed-1"), ev(.SEND, "2026-11-02", eventId: "seed-1")]) == 1)
            try reset.setSetting("s", nil)
        }
        #expect(result.deleted == 1 && result.stored == 1)
        #expect(try store.eventCount() == 1 && store.messages().isEmpty && store.resources(kind: "k").isEmpty)
        #expect(try store.setting("s") == nil)
    }

    @Test func aMessageAndItsEvents_areStoredTogether_orNotAtAll() throws {
        let store = try MetricsStore(path: nil)
        let message = StoredMessage(messageId: "m1", timestampMillis: at("2026-11-01"), source: "a@x.com", document: "{}")
        var bad = ev(.DELIVERY, "2026-11-01", messageId: "m1", eventId: "m1-1")
        bad.isp = "NotAnISP"
        #expect(throws: MetricsStoreError.self) {
            try store.record(messages: [message], events: [ev(.SEND, "2026-11-01", messageId: "m1", eventId: "m1-0"), bad])
        }
        #expect(try store.messages().isEmpty && store.eventCount() == 0)
        _ = try store.record(messages: [message], events: [ev(.SEND, "2026-11-01", messageId: "m1", eventId: "m1-0")])
        #expect(try store.messages(messageId: "m1") == [message] && store.eventCount() == 1)
        #expect(try store.messages(source: "b@x.com").isEmpty)
        #expect(try store.deleteMessages(messageId: "m1") == 1)
        #expect(try store.eventCount() == 1, "deleting a message keeps its events")
    }

    @Test func concurrentRecords_commitTogether_andOneThatFailsRollsBackAlone() throws {
        let store = try MetricsStore(path: nil)
        let failures = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: 8) { thread in
            for n in 0..<40 {
                let id = "t\(thread)-\(n)"
                var delivery = ev(.DELIVERY, "2026-11-01", messageId: id, eventId: id + "-1")
                if n % 10 == 9 { delivery.isp = "NotAnISP" }   // this one must fail, and alone
                do {
                    _ = try store.record(messages: [StoredMessage(messageId: id, timestampMillis: 0, source: "a@x", document: "{}")],
                                         events: [ev(.SEND, "2026-11-01", messageId: id, eventId: id + "-0"), delivery])
                } catch {
                    failures.withLock { $0 += 1 }
                }
            }
        }
        #expect(failures.withLock { $0 } == 8 * 4)
        #expect(try store.messages().count == 8 * 36)
        #expect(try store.eventCount() == 8 * 36 * 2)
        #expect(try store.total(.SEND) == 8 * 36 && store.total(.DELIVERY) == 8 * 36, "rollups hold exactly the committed events")
    }

    @Test func events_listOldestFirst_pageByCursor_andFilter() throws {
        let store = try MetricsStore(path: nil)
        let sent = StoredMessage(messageId: "m1", timestampMillis: at("2026-11-02"), source: "a@x.com", document: "{}")
        _ = try store.record(messages: [sent], events: [
            ev(.SEND, "2026-11-02", hour: 10, messageId: "m1", eventId: "m1-0"),
            ev(.DELIVERY, "2026-11-02", hour: 11, messageId: "m1", eventId: "m1-1"),
        ])
        _ = try store.ingest([
            ev(.SEND, "2026-11-03", hour: 9, identity: "b.com", messageId: "m2"),
            ev(.SEND, "2026-11-01", hour: 9, messageId: "m3"),
            ev(.OPEN, "2026-11-02", hour: 10, messageId: "m1", eventId: "foreign"),
        ])
        var seen: [Event] = []
        var cursor: EventCursor?
        repeat {
            let page = try store.events(EventFilter(), after: cursor, limit: 2)
            #expect(page.events.count <= 2)
            seen += page.events
            cursor = page.next
        } while cursor != nil
        #expect(seen.map(\.messageId) == ["m3", "m1", "m1", "m1", "m2"])
        #expect(seen.map(\.timestampMillis) == seen.map(\.timestampMillis).sorted())
        // A sent message is found through its eventIds; an ingested event with its messageId too.
        #expect(try store.events(EventFilter(messageId: "m1"), after: nil, limit: 10).events.map(\.eventId) == ["m1-0", "m1-1"],
                "the index path finds the sent message's own events")
        #expect(try store.events(EventFilter(messageId: "m2"), after: nil, limit: 10).events.count == 1)
        #expect(try store.events(EventFilter(emailIdentity: "b.com"), after: nil, limit: 10).events.count == 1)
        let window = EventFilter(fromMillis: at("2026-11-02", hour: 10), toMillis: at("2026-11-02", hour: 11))
        #expect(try store.events(window, after: nil, limit: 10).events.count == 2, "from inclusive, to exclusive")
        #expect(EventCursor(token: EventCursor(timestampMillis: 5, row: 7).token) == EventCursor(timestampMillis: 5, row: 7))
        for token in ["", "5", "a.b", "5.-1", "5.7.9"] { #expect(EventCursor(token: token) == nil, "\(token)") }
    }
}
