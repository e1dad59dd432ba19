import Testing
@testable import MetricsStore

@Suite struct SettingsTests {
    @Test func aSetting_isStoredReplacedAndDeleted_andSurvivesReopening() throws {
        let path = temporaryDatabasePath()
        defer { removeDatabase(path) }
        do {
            let store = try MetricsStore(path: path, catalog: .builtIn)
            #expect(try store.setting("a") == nil)
            try store.setSetting("a", #"{"x":1}"#)
            try store.setSetting("a", #"{"x":2}"#)
            try store.setSetting("b", "gone")
            try store.setSetting("b", nil)
            store.close()
        }
        let store = try MetricsStore(path: path, catalog: .builtIn)
        #expect(try store.setting("a") == #"{"x":2}"#)
        #expect(try store.setting("b") == nil)
    }

    @Test func settings_areUntouchedByDeletingEvents() throws {
        let store = try MetricsStore(path: nil, catalog: .builtIn)
        try store.setSetting("a", "1")
        _ = try store.ingest([ev(.SEND, "2026-11-01")])
        _ = try store.deleteAllEvents()
        #expect(try store.setting("a") == "1")
    }
}

@Suite struct SentRecipientsTests {
    let store: MetricsStore

    init() throws {
        store = try MetricsStore(path: nil, catalog: .builtIn)
        _ = try store.ingest([
            ev(.SEND, "2026-11-01", hour: 10),
            ev(.SEND, "2026-11-01", hour: 11, recipientCount: 3),     // three recipients count three
            ev(.SEND, "2026-11-01", hour: 12, simulator: true),      // the mailbox simulator does not count
            ev(.DELIVERY, "2026-11-01", hour: 12),                   // nor do other event types
            ev(.SEND, "2026-10-31", hour: 9),                        // more than 24 hours before
            ev(.SEND, "2026-11-01", hour: 23),                       // after "now"
        ])
    }

    @Test func sumsTheRecipientsOfTheCountedSends_inTheWindow() throws {
        let now = at("2026-11-01", hour: 20)
        #expect(try store.sentRecipients(fromMillis: now - 86_400_000, toMillis: now) == 4)
    }

    @Test func theWindowIsOpenAtItsStartAndClosedAtItsEnd() throws {
        let tenOClock = at("2026-11-01", hour: 10)
        #expect(try store.sentRecipients(fromMillis: tenOClock, toMillis: at("2026-11-01", hour: 11)) == 3)
        #expect(try store.sentRecipients(fromMillis: tenOClock - 1, toMillis: tenOClock) == 1)
    }

    @Test func anEmptyStore_sentNothing() throws {
        let empty = try MetricsStore(path: nil, catalog: .builtIn)
        #expect(try empty.sentRecipients(fromMillis: 0, toMillis: at("2026-11-01")) == 0)
    }
}
