import Support
import ArgumentParser
import MetricsStore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Load NDJSON event files into a database, atomically across all files.",
        discussion: """
            '-' reads standard input, so `generate ... | ingest - --database db.sqlite` streams any \
            number of events. A bad event stores nothing and exits with status 2, printing \
            FILE:LINE: field: reason. Events whose eventId is already stored are counted as duplicates.
            """)

    @Argument(help: "NDJSON files ('-' for standard input).")
    var files: [String]

    @Option(help: "The SQLite database file (created if missing).")
    var database: String

    @Option(name: .customLong("isp-catalog"), help: "ISP catalog JSON (default: the built-in catalog).")
    var ispCatalog: String?

    func validate() throws {
        if files.isEmpty { throw ValidationError("give at least one FILE ('-' for standard input)") }
        if files.filter({ $0 == "-" }).count > 1 { throw ValidationError("'-' (standard input) may be given once") }
    }

    func run() throws {
        let catalog: ISPCatalog
        do {
            catalog = try ispCatalog.map { try ISPCatalog(contentsOfFile: $0) } ?? .builtIn
        } catch {
            throw ValidationError("--isp-catalog: \(error)")
        }
        // Open every file first, so a missing one fails before anything is stored.
        var inputs: [(name: String, fd: Int32)] = []
        defer { for i in inputs where i.fd != 0 { close(i.fd) } }
        for f in files {
            if f == "-" { inputs.append(("stdin", 0)); continue }
            let fd = open(f, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else {
                writeStandardError("\(f): \(FileIO.errnoText())\n")
                throw ExitCode(2)
            }
            inputs.append((f, fd))
        }
        let store = try MetricsStore(path: database, catalog: catalog)
        defer { store.close() }
        var bar = ProgressLine(enabled: isatty(2) == 1)
        let started = ProgressLine.nowMillis()
        let result: IngestResult
        do {
            result = try store.ingestNDJSON(inputs.map { NDJSONSource(name: $0.name, fd: $0.fd) }) { n in
                bar.update("ingest: \(n) events, \(Self.rate(n, since: started))/s")
            }
        } catch let error as EventDecodingError {
            bar.finish()
            writeStandardError("\(error)\n")
            throw ExitCode(2)
        } catch let error as FileIO.Failure {
            bar.finish()
            writeStandardError("\(error)\n")
            throw ExitCode(2)
        }
        bar.finish()
        print("accepted \(result.accepted), duplicates \(result.duplicates)")
    }

    static func rate(_ n: Int, since start: Int64) -> Int {
        let ms = max(ProgressLine.nowMillis() - start, 1)
        return Int(Int64(n) * 1000 / ms)
    }
}

/// A one-line progress display on stderr, redrawn at most ten times a second.
struct ProgressLine {
    let enabled: Bool
    private var last: Int64 = 0
    private var drawn = false

    init(enabled: Bool) { self.enabled = enabled }

    static func nowMillis() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
    }

    mutating func update(_ text: @autoclosure () -> String, force: Bool = false) {
        guard enabled else { return }
        let now = Self.nowMillis()
        guard force || now - last >= 100 else { return }
        last = now
        drawn = true
        writeStandardError("\r\u{1B}[2K" + text())
    }

    mutating func finish() {
        if enabled && drawn { writeStandardError("\n") }
        drawn = false
    }
}

/// Writes straight to file descriptor 2 (the C `stderr` global is not concurrency-safe in Swift 6).
func writeStandardError(_ text: String) {
    var text = text
    text.withUTF8 { buf in
        var off = 0
        while off < buf.count {
            let n = write(2, buf.baseAddress! + off, buf.count - off)
            if n < 0 { if errno == EINTR { continue }; return }
            off += n
        }
    }
}
