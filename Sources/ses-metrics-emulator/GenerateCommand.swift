import Support
import ArgumentParser
import MetricsStore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write deterministic synthetic SES events as NDJSON.",
        discussion: """
            The same arguments always give byte-identical output. Every event carries a \
            deterministic eventId (so ingesting the same output twice is idempotent) unless \
            --no-event-ids is given.
            """)

    @Option(help: "Seed of the pseudo-random generator.")
    var seed: UInt64

    @Option(help: "First day, YYYY-MM-DD (UTC).")
    var start: String

    @Option(help: "Number of days.")
    var days: Int

    @Option(help: "Comma-separated sending identities.")
    var identities: String = GeneratorOptions.defaultIdentities.joined(separator: ",")

    @Option(name: .customLong("configuration-sets"), help: "Comma-separated configuration sets (empty: none).")
    var configurationSets: String = GeneratorOptions.defaultConfigurationSets.joined(separator: ",")

    @Option(help: "Comma-separated tenants; most messages are sent for one of them (empty: none).")
    var tenants: String = ""

    @Option(name: .customLong("daily-sends"), help: "Average SEND events per day.")
    var dailySends: Int = 1000

    @Option(help: "Write to this file instead of standard output.")
    var output: String?

    @Flag(name: .customLong("no-event-ids"), help: "Leave out eventIds.")
    var noEventIds = false

    func options() throws -> GeneratorOptions {
        guard let startDate = UTCCalendar.parseDate(start) else {
            throw ValidationError("--start must be a date like 2026-10-29, got '\(start)'")
        }
        guard startDate >= 0 else { throw ValidationError("--start must be 1970-01-01 or later") }
        func list(_ s: String) -> [String] {
            s.isEmpty ? [] : s.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
        let o = GeneratorOptions(seed: seed, startDate: startDate, days: days, identities: list(identities),
                                 configurationSets: list(configurationSets), dailySends: dailySends,
                                 eventIds: !noEventIds, tenants: list(tenants))
        if let problem = o.problem { throw ValidationError("--" + problem) }
        return o
    }

    func validate() throws { _ = try options() }

    func run() throws {
        var generator = EventGenerator(options: try options())
        var fd: Int32 = 1
        if let output {
            fd = open(output, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard fd >= 0 else { throw ValidationError("--output \(output): \(FileIO.errnoText())") }
        }
        defer { if fd != 1 { close(fd) } }
        // A bar only when stderr is a terminal and the events are not going to it (or to a pipe
        // whose reader, e.g. `ingest -`, draws its own).
        let showProgress = isatty(2) == 1 && output != nil && generator.estimatedEventCount >= 100_000
        var bar = ProgressLine(enabled: showProgress)
        let totalDays = generator.options.days
        try generator.run(write: { chunk in try Self.writeAll(fd, chunk, path: output ?? "stdout") },
                          progress: { day, events in
                              bar.update("generate: day \(day)/\(totalDays), \(events) events", force: day == totalDays)
                          })
        bar.finish()
    }

    static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws {
        try bytes.withUnsafeBytes { raw in
            var off = 0
            while off < raw.count {
                let n = write(fd, raw.baseAddress! + off, raw.count - off)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw ValidationError("\(path): \(FileIO.errnoText())")
                }
                off += n
            }
        }
    }
}
