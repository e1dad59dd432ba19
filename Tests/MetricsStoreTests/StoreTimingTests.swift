import Support
import Testing
import MetricsStore
#if canImport(Glibc)
import Glibc
#endif

/// Timings on real data, off by default; run in release:
/// - `METRICS_STORE_BENCH_DB=/path/to/db.sqlite swift test -c release --filter StoreTimingTests`
///   times 10-query 365-day batches on a database (make one with `generate ... | ingest - --database ...`);
/// - `METRICS_STORE_BENCH_NDJSON=/path/to/events.ndjson ...` times decoding alone, and decoding
///   plus a bulk ingest into a temporary database.
/// They print figures and assert only consistency, not speed (machines differ).
@Suite(.serialized) struct StoreTimingTests {
    static let path = getenv("METRICS_STORE_BENCH_DB").map { String(cString: $0) }
    static let ndjson = getenv("METRICS_STORE_BENCH_NDJSON").map { String(cString: $0) }

    @Test(.enabled(if: ndjson != nil)) func decodeAndBulkIngest() throws {
        let file = Self.ndjson!
        func readAll(_ body: (UnsafeRawBufferPointer) throws -> Void) throws {
            let fd = open(file, O_RDONLY)
            defer { close(fd) }
            try FileIO.readChunks(fd: fd, path: file, body)
        }
        var count = 0
        var t0 = Self.now()
        var stream = NDJSONEventStream(source: file, catalog: .builtIn)
        try readAll { chunk in try stream.consume(chunk) { _ in count += 1 } }
        try stream.finish { _ in count += 1 }
        let decodeSeconds = Self.now() - t0
        print("StoreTimingTests: decoded \(count) events in \(decodeSeconds) s: \(Int(Double(count) / decodeSeconds)) events/s")

        let store = try MetricsStore(path: nil, catalog: .builtIn)
        defer { store.close() }
        t0 = Self.now()
        var tCommit = 0.0
        let fd = open(file, O_RDONLY)
        defer { close(fd) }
        // The CLI's path: decoding on one thread, inserts on this one.
        let r = try store.ingestNDJSON([NDJSONSource(name: file, fd: fd)]) { _ in tCommit = Self.now() }
        let t1 = Self.now()
        #expect(r.accepted + r.duplicates == count)
        print("StoreTimingTests: ingested \(r.accepted) events in \(t1 - t0) s: \(Int(Double(r.accepted) / (t1 - t0))) events/s (rollups + commit: \(t1 - tCommit) s)")
    }

    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    @Test(.enabled(if: path != nil)) func tenQuery365DayBatch() throws {
        let store = try MetricsStore(path: Self.path!, catalog: .builtIn)
        defer { store.close() }
        let all = try store.query(MetricQuery(metric: .SEND, startDate: 0, endDate: 253_402_300_800), zeroFill: false)
        guard let lastDay = all.timestamps.last else { Issue.record("empty database"); return }
        let end = lastDay + 86_400, start = end - 365 * 86_400
        let batch = [
            MetricQuery(metric: .SEND, startDate: start, endDate: end),
            MetricQuery(metric: .DELIVERY, dimensions: DimensionFilter(emailIdentity: "example.com"), startDate: start, endDate: end),
            MetricQuery(metric: .OPEN, dimensions: DimensionFilter(configurationSet: "newsletters"), startDate: start, endDate: end),
            MetricQuery(metric: .CLICK, dimensions: DimensionFilter(isp: "Gmail"), startDate: start, endDate: end),
            MetricQuery(metric: .PERMANENT_BOUNCE, dimensions: DimensionFilter(emailIdentity: "example.com", configurationSet: "transactional"), startDate: start, endDate: end),
            MetricQuery(metric: .TRANSIENT_BOUNCE, dimensions: DimensionFilter(emailIdentity: "marketing.example.com", isp: "Yahoo"), startDate: start, endDate: end),
            MetricQuery(metric: .COMPLAINT, dimensions: DimensionFilter(configurationSet: "transactional", isp: "Hotmail"), startDate: start, endDate: end),
            MetricQuery(metric: .DELIVERY_OPEN, dimensions: DimensionFilter(emailIdentity: "example.com", configurationSet: "newsletters", isp: "Gmail"), startDate: start, endDate: end),
            MetricQuery(metric: .DELIVERY_COMPLAINT, startDate: start, endDate: end),
            MetricQuery(metric: .DELIVERY_COMPLAINT, dimensions: DimensionFilter(emailIdentity: "example.com", isp: "Hotmail"), startDate: start, endDate: end),
        ]
        _ = try store.query(batch, zeroFill: false)   // warm the pool and the page cache
        var batchTimes: [Double] = []
        var singleTimes: [Double] = []
        for _ in 0..<200 {
            let t0 = Self.now()
            let r = try store.query(batch, zeroFill: false)
            batchTimes.append(Self.now() - t0)
            #expect(r.count == 10)
            let t1 = Self.now()
            _ = try store.query(batch[0], zeroFill: false)
            singleTimes.append(Self.now() - t1)
        }
        batchTimes.sort(); singleTimes.sort()
        let events = try store.eventCount()
        print("StoreTimingTests: \(events) events; 10-query 365-day batch: median \(batchTimes[100] * 1000) ms, p99 \(batchTimes[198] * 1000) ms; one 365-day unfiltered query: median \(singleTimes[100] * 1000) ms")
    }
}
