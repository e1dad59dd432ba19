import Testing
@testable import MetricsStore
#if canImport(Glibc)
import Glibc
#endif

/// The pipelined bulk load (decoder thread → inserting thread) behind `ingest FILE...`.
@Suite struct NDJSONIngestTests {
    private func line(_ i: Int, eventId: Bool = true, extra: String = "") -> String {
        let id = eventId ? #""eventId":"e\#(i)","# : ""
        return #"{\#(id)"type":"SEND","timestamp":"2026-11-01T10:00:00Z","emailIdentity":"a.com","isp":"Gmail"\#(extra)}"# + "\n"
    }

    private func withFiles<T>(_ contents: [String], _ body: ([NDJSONSource]) throws -> T) throws -> T {
        var sources: [NDJSONSource] = []
        var paths: [String] = []
        defer {
            for s in sources { close(s.fd) }
            for p in paths { unlink(p) }
        }
        for (k, text) in contents.enumerated() {
            let path = temporaryDatabasePath() + ".\(k).ndjson"
            let fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0o644)
            var t = text
            _ = t.withUTF8 { write(fd, $0.baseAddress, $0.count) }
            lseek(fd, 0, SEEK_SET)
            paths.append(path)
            sources.append(NDJSONSource(name: "file\(k).ndjson", fd: fd))
        }
        return try body(sources)
    }

    @Test func loadIntoAnEmptyFile_usesARollbackJournal_andLeavesWAL() throws {
        let path = temporaryDatabasePath()
        defer { removeDatabase(path) }
        let store = try MetricsStore(path: path, catalog: .builtIn)
        let text = (0..<2000).map { line($0) }.joined()
        let r = try withFiles([text]) { sources in
            try store.ingestNDJSON(sources, batchSize: 100) { n in
                if n >= 1000 { #expect(access(path + "-journal", F_OK) == 0) }   // the load's journal
            }
        }
        #expect(r == IngestResult(accepted: 2000, duplicates: 0))
        #expect(try store.total(.SEND) == 2000)
        // Not empty any more: the next load is a WAL transaction like any other.
        let more = try withFiles([line(2000)]) { try store.ingestNDJSON($0) }
        #expect(more == IngestResult(accepted: 1, duplicates: 0))
        store.close()
        let db = try Database(path: path, mode: .readOnly)
        #expect(try db.pragmaText("journal_mode") == "wal")
    }

    @Test func loadIntoAnEmptyFile_thatAReaderHasOpen_staysInWAL() throws {
        let path = temporaryDatabasePath()
        defer { removeDatabase(path) }
        let store = try MetricsStore(path: path, catalog: .builtIn)
        #expect(try store.total(.SEND) == 0)   // leaves a pooled reader connection open
        let r = try withFiles([(0..<500).map { line($0) }.joined()]) { sources in
            try store.ingestNDJSON(sources, batchSize: 100) { (_: Int) throws in
                #expect(access(path + "-journal", F_OK) != 0)
                #expect(try store.total(.SEND) == 0)   // readers still see the old snapshot
            }
        }
        #expect(r == IngestResult(accepted: 500, duplicates: 0))
        #expect(try store.total(.SEND) == 500)
    }

    @Test func severalFiles_loadInOneTransaction_withDuplicatesCounted() throws {
        let store = try MetricsStore(path: nil, catalog: .builtIn)
        let a = (0..<3000).map { line($0) }.joined()
        let b = (2000..<5000).map { line($0) }.joined() + line(0, eventId: false)
        var progressCalls = 0
        let r = try withFiles([a, b]) { try store.ingestNDJSON($0, batchSize: 100) { _ in progressCalls += 1 } }
        #expect(r == IngestResult(accepted: 5001, duplicates: 1000))
        #expect(progressCalls > 10)
        #expect(try store.total(.SEND) == 5001)
    }

    @Test func badLineInTheSecondFile_storesNothing_andNamesFileAndLine() throws {
        let store = try MetricsStore(path: nil, catalog: .builtIn)
        let a = (0..<5000).map { line($0) }.joined()
        let b = (5000..<5010).map { line($0) }.joined() + "\n" + line(9999, extra: #","isp":"Gmail""#) + line(10_000)
        do {
            _ = try withFiles([a, b]) { try store.ingestNDJSON($0, batchSize: 7) }
            Issue.record("no error")
        } catch let e as EventDecodingError {
            #expect(e.description == "file1.ndjson:12: isp: duplicate field")
        }
        #expect(try store.eventCount() == 0)
        #expect(try store.ingest([ev(.SEND, "2026-11-01", eventId: "e1")]) == IngestResult(accepted: 1, duplicates: 0))
    }

    @Test func failureOnTheInsertingSide_stopsTheDecoder_andRollsBack() throws {
        let store = try MetricsStore(path: nil, catalog: .builtIn)
        let a = (0..<20_000).map { line($0) }.joined()
        struct Stop: Error {}
        var seen = 0
        #expect(throws: Stop.self) {
            try withFiles([a]) { sources in
                try store.ingestNDJSON(sources, batchSize: 10) { n in
                    seen = n
                    if n >= 500 { throw Stop() }
                }
            }
        }
        #expect(seen == 500)
        #expect(try store.eventCount() == 0)
        // The store is still usable.
        #expect(try store.ingest([ev(.SEND, "2026-11-01")]) == IngestResult(accepted: 1, duplicates: 0))
    }
}
