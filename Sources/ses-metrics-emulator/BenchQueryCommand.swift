import Support
import ArgumentParser
import MetricsStore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Hidden tools for `make bench` (Benchmarks/bench.py): in-process timings with no HTTP in the way.
/// Each prints one JSON object on stdout for the harness to read.
struct BenchQueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "In-process timings for the benchmark harness (not a user command).",
        shouldDisplay: false,
        subcommands: [BenchQuery.self, BenchIngest.self])

    static func nowNanos() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }

    static func emit(_ fields: [(String, String)]) {
        let body = fields.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",")
        print("{\(body)}")
    }
}

/// Times one batch (several queries answered from one snapshot, as the API does) against a
/// database: the store's work alone, without decoding, validation, JSON or HTTP.
struct BenchQuery: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Time a batch of queries in-process. Queries file: one per line, " +
            "'METRIC IDENTITY CONFIGURATION_SET ISP START END' ('*' for all; epoch seconds).")

    @Option(help: "The SQLite database file.")
    var database: String

    @Option(help: "The queries file.")
    var queries: String

    @Option(help: "Timed batches.")
    var iterations: Int = 200

    @Option(help: "Untimed batches first (warms the page cache and the reader).")
    var warmup: Int = 20

    func parseQueries() throws -> [MetricQuery] {
        let text = String(decoding: try FileIO.readAll(path: queries), as: UTF8.self)
        var out: [MetricQuery] = []
        for (n, line) in text.split(separator: "\n").enumerated() {
            let f = line.split(separator: " ").map(String.init)
            if f.isEmpty || f[0].hasPrefix("#") { continue }
            guard f.count == 6, let metric = Metric(rawValue: f[0]), let start = Int64(f[4]), let end = Int64(f[5]) else {
                throw ValidationError("\(queries):\(n + 1): expected METRIC IDENTITY CONFIGURATION_SET ISP START END")
            }
            out.append(MetricQuery(metric: metric, dimensions: DimensionFilter(emailIdentity: f[1], configurationSet: f[2], isp: f[3]), startDate: start, endDate: end))
        }
        if out.isEmpty { throw ValidationError("\(queries): no queries") }
        return out
    }

    func run() throws {
        let batch = try parseQueries()
        let store = try MetricsStore(path: database)
        defer { store.close() }
        let events = try store.eventCount()
        var points = 0
        for _ in 0..<max(warmup, 1) {
            points = try store.query(batch, zeroFill: false).reduce(0) { $0 + $1.timestamps.count }
        }
        var samples: [UInt64] = []
        samples.reserveCapacity(iterations)
        for _ in 0..<max(iterations, 1) {
            let t0 = BenchQueryCommand.nowNanos()
            let r = try store.query(batch, zeroFill: false)
            samples.append(BenchQueryCommand.nowNanos() - t0)
            precondition(r.count == batch.count)
        }
        samples.sort()
        func us(_ q: Double) -> String {
            let i = min(samples.count - 1, Int((Double(samples.count) * q).rounded(.down)))
            return String(Double(samples[i] / 100) / 10)
        }
        let mean = Double(samples.reduce(0, +)) / Double(samples.count) / 1000
        BenchQueryCommand.emit([("events", "\(events)"), ("queries", "\(batch.count)"), ("points", "\(points)"),
                                ("iterations", "\(samples.count)"), ("min_us", us(0)), ("p50_us", us(0.5)),
                                ("p99_us", us(0.99)), ("mean_us", String((mean * 10).rounded() / 10))])
    }
}

/// `ingest` with the time split: decoding NDJSON into events (parse), inserting them and their
/// first-engagement rows (store), then rollups + COMMIT (finish), on the same
/// path as `ingest` (a rollback journal into an empty file). Each chunk is
/// decoded into an array first, then stored, so the two clocks never run at once.
struct BenchIngest: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Ingest an NDJSON file ('-' for stdin) timing parse and store separately.")

    @Argument(help: "NDJSON file ('-' for standard input).")
    var file: String

    @Option(help: "The SQLite database file (created if missing).")
    var database: String

    func run() throws {
        let fd: Int32 = file == "-" ? 0 : open(file, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ValidationError("\(file): \(FileIO.errnoText())") }
        defer { if fd != 0 { close(fd) } }
        let store = try MetricsStore(path: database)
        defer { store.close() }
        var parseNanos: UInt64 = 0, storeNanos: UInt64 = 0, readNanos: UInt64 = 0
        var bodyEnd: UInt64 = 0
        let t0 = BenchQueryCommand.nowNanos()
        let result = try store.bulkIngest(loading: true) { session in
            var stream = NDJSONEventStream(source: file, catalog: store.catalog)
            var pending: [Event] = []
            pending.reserveCapacity(8192)
            var t = BenchQueryCommand.nowNanos()
            try FileIO.readChunks(fd: fd, path: file) { chunk in
                let a = BenchQueryCommand.nowNanos()
                readNanos += a - t
                try stream.consume(chunk) { pending.append($0) }
                let b = BenchQueryCommand.nowNanos()
                for e in pending { try session.add(e) }
                pending.removeAll(keepingCapacity: true)
                t = BenchQueryCommand.nowNanos()
                parseNanos += b - a
                storeNanos += t - b
            }
            try stream.finish { try session.add($0) }
            bodyEnd = BenchQueryCommand.nowNanos()
        }
        let t1 = BenchQueryCommand.nowNanos()
        func s(_ n: UInt64) -> String { String(Double(n / 1_000_000) / 1000) }
        BenchQueryCommand.emit([("accepted", "\(result.accepted)"), ("duplicates", "\(result.duplicates)"),
                                ("read_s", s(readNanos)), ("parse_s", s(parseNanos)), ("store_s", s(storeNanos)),
                                ("finish_s", s(t1 - bodyEnd)), ("total_s", s(t1 - t0))])
    }
}
