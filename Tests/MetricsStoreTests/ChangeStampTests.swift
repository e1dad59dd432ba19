import Testing
@testable import MetricsStore

/// `MetricsStore.changeStamp`: equal while nothing commits, different after any commit, whichever
/// connection (or process) made it.
@Suite struct ChangeStampTests {
    @Test func aTemporaryStore_hasAStamp_thatReadsDoNotChange() throws {
        let store = try MetricsStore(path: nil)
        defer { store.close() }
        let before = try #require(store.changeStamp)
        _ = try store.total(.SEND)
        _ = try store.summary()
        #expect(store.changeStamp == before)
    }

    @Test func everyCommit_changesTheStamp() throws {
        let store = try MetricsStore(path: nil)
        defer { store.close() }
        var stamps = [try #require(store.changeStamp)]
        _ = try store.ingest([ev(.SEND, "2026-11-01")])
        stamps.append(try #require(store.changeStamp))
        try store.setSetting("k", "v")
        stamps.append(try #require(store.changeStamp))
        _ = try store.deleteAllEvents()
        stamps.append(try #require(store.changeStamp))
        #expect(Set(stamps.map { "\($0)" }).count == 4, "four different stamps: \(stamps)")
    }

    @Test func aCommitThroughAnotherConnection_changesTheStamp() throws {
        let path = temporaryDatabasePath()
        defer { removeDatabase(path) }
        let server = try MetricsStore(path: path)
        defer { server.close() }
        let other = try MetricsStore(path: path)  // what an `ingest` in another process does
        defer { other.close() }
        let before = try #require(server.changeStamp)
        _ = try other.ingest([ev(.SEND, "2026-11-01")])
        #expect(server.changeStamp != before)
        #expect(try server.total(.SEND) == 1)
    }

    @Test func aClosedStore_hasNoStamp() throws {
        let store = try MetricsStore(path: nil)
        #expect(store.changeStamp != nil)
        store.close()
        #expect(store.changeStamp == nil)
    }
}
