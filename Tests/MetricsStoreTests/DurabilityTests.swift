import Support
import Testing
@testable import MetricsStore
#if canImport(Glibc)
import Glibc
#endif

@Suite struct DurabilityTests {
    @Test func closeAndReopen_keepsEverything() throws {
        let path = temporaryDatabasePath()
        defer { removeDatabase(path) }
        do {
            let store = try MetricsStore(path: path, catalog: .builtIn)
            _ = try store.ingest([ev(.SEND, "2026-11-01", eventId: "a"), ev(.OPEN, "2026-11-01", messageId: "m")])
            store.close()
        }
        let store = try MetricsStore(path: path, catalog: .builtIn)
        #expect(try store.eventCount() == 2)
        #expect(try store.total(.SEND) == 1)
        #expect(try store.ingest([ev(.SEND, "2026-11-01", eventId: "a"), ev(.OPEN, "2026-11-02", messageId: "m")])
                == IngestResult(accepted: 1, duplicates: 1))
        #expect(try store.total(.OPEN) == 1)
    }

    /// What a kill -9 leaves: the database and WAL files as they are on disk right after ingest
    /// returned, with the process never closing anything. Copy them and open the copy.
    @Test func acknowledgedIngest_isOnDiskWithoutClose() throws {
        let path = temporaryDatabasePath()
        let copy = path + ".crash"
        defer { removeDatabase(path); removeDatabase(copy) }
        let store = try MetricsStore(path: path, catalog: .builtIn)
        _ = try store.ingest((0..<500).map { ev(.SEND, "2026-11-01", eventId: "e\($0)") })
        _ = try store.ingest([ev(.DELIVERY, "2026-11-02")])
        #expect(fileExists(path + "-wal"))
        try copyFile(path, copy)
        try copyFile(path + "-wal", copy + "-wal")
        let recovered = try MetricsStore(path: copy, catalog: .builtIn)
        #expect(try recovered.eventCount() == 501)
        #expect(try recovered.total(.SEND) == 500)
        #expect(try recovered.total(.DELIVERY) == 1)
        recovered.close()
        store.close()
    }

    private func copyFile(_ from: String, _ to: String) throws {
        let bytes = try FileIO.readAll(path: from)
        let fd = open(to, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        #expect(fd >= 0)
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
    }
}
