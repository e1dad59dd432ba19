import Support
import ArgumentParser
@preconcurrency import Dispatch
import Glibc
import HTTPServer
import MetricsStore
import SESDomain
import SESService
import SigV4

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the SESv2 API: metrics, account, sending and export jobs.",
        discussion: """
            Every option can also be set by an environment variable: --some-flag ↔ SES_EMULATOR_SOME_FLAG \
            (the flag wins; an empty variable counts as unset; booleans are true|false|1|0; --no-some-flag is also \
            SES_EMULATOR_NO_SOME_FLAG=true). A SES_EMULATOR_ variable that names no option is an error.
            """)

    /// The library's defaults: what an unset option falls back to, and what its help names.
    static let serverDefaults = HTTPServerConfiguration()
    private static let settingsDefaults = EmulatorSettings(version: EmulatorVersion.string)
    /// A quarter of what `ingest` gives its one long load: a server's writer touches the recent
    /// pages of the indexes, and every MiB here is resident once the cache has filled.
    static let defaultPageCacheMiB = 16
    private static let defaultLogLevel = LogLevel.info
    private static let defaultLogFormat = LogFormat.text

    @Option(help: "Address to listen on: 127.0.0.1, ::1, 0.0.0.0 or :: (default \(serverDefaults.host)).")
    var host: String?
    @Option(help: "Port to listen on; 0 picks a free one (default \(serverDefaults.port)).")
    var port: Int?
    @Option(help: "SQLite database file; kept across restarts (default: a temporary file deleted at exit).")
    var database: String?
    @Option(help: "NDJSON file, or folder of *.ndjson files, loaded into an empty database at start.")
    var seedData: String?
    @Flag(inversion: .prefixedNo, help: "Move the seed events by whole days so the newest seed day is yesterday (UTC).")
    var seedShiftToToday: Bool?
    @Option(help: "ISP catalog JSON file (default: the built-in catalog).")
    var ispCatalog: String?
    @Flag(inversion: .prefixedNo, help: "Answer days without data as zeros instead of omitting them.")
    var zeroFill: Bool?
    @Option(help: "Longest date range of one query, in days (default \(settingsDefaults.maxRangeDays), as AWS).")
    var maxRangeDays: Int?
    @Option(help: "What * in a query's dimension means: all (every value, as documented) or reject (refused, as AWS was seen to) (default \(settingsDefaults.wildcards.rawValue)).")
    var wildcards: WildcardPolicy?
    @Option(help: "debug, info, warning or error (default \(defaultLogLevel.rawValue)).")
    var logLevel: LogLevel?
    @Option(help: "text or json (default \(defaultLogFormat.rawValue)).")
    var logFormat: LogFormat?
    @Option(help: "Largest request header section in bytes (default \(serverDefaults.limits.maxHeaderBytes)).")
    var maxHeaderBytes: Int?
    @Option(help: "Largest SES API request body in bytes (default \(settingsDefaults.sesBodyLimit)).")
    var maxBodyBytes: Int?
    @Option(help: "Most concurrent connections; more get 503 (default \(serverDefaults.limits.maxConnections)).")
    var maxConnections: Int?
    @Option(help: "Seconds to receive a request's header section (default \(number(serverDefaults.limits.headerTimeout))).")
    var headerTimeout: Double?
    @Option(help: "Seconds to receive a request's body (default \(number(serverDefaults.limits.bodyTimeout))).")
    var bodyTimeout: Double?
    @Option(help: "Seconds to write a response to a slow reader (default \(number(serverDefaults.limits.writeTimeout))).")
    var writeTimeout: Double?
    @Option(help: "Seconds an idle keep-alive connection stays open (default \(number(serverDefaults.limits.idleTimeout))).")
    var idleTimeout: Double?
    @Option(help: "Threads answering requests (default \(serverDefaults.handlerThreads)).")
    var handlerThreads: Int?
    @Option(help: "Threads doing socket I/O and HTTP parsing (default \(serverDefaults.eventLoops): one per core).")
    var eventLoops: Int?
    @Option(help: "Seconds a SIGTERM/SIGINT shutdown waits for in-flight requests (default \(number(serverDefaults.shutdownGracePeriod))).")
    var shutdownGrace: Double?
    @Option(help: "Fault configuration JSON file (query faults, request faults, latency).")
    var faults: String?
    @Option(help: "Outcome rules JSON file: what happens to mail sent through the API (default: every message delivered).")
    var outcomes: String?
    @Option(help: "Quotas: off, or CALLS:QUERIES per second per access key (default \(rateLimitText(settingsDefaults.rateLimit)), AWS's).")
    var rateLimit: String?
    @Flag(inversion: .prefixedNo, help: "Serve the /_emulator and /_localstack control API (default on; health is always served).")
    var controlApi: Bool?
    @Option(help: "SES requests kept for GET /_emulator/requests (default \(settingsDefaults.requestLogSize)).")
    var requestLogSize: Int?
    @Option(help: "MiB of SQLite page cache for the writer connection; each reader connection (at most \(MetricsStore.maxIdleReaders) kept) gets a sixteenth, at least 1 MiB (default \(defaultPageCacheMiB)).")
    var pageCacheMb: Int?
    @Option(help: "MiB BatchGetMetricData's remembered answers may hold, 0 for none (default \(settingsDefaults.answerCacheBytes >> 20)).")
    var answerCacheMb: Int?
    @Option(help: "Largest POST /_emulator/events body in bytes (default \(settingsDefaults.eventsBodyLimit)).")
    var maxEventsBodyBytes: Int?
    @Option(help: "none (any or no signature accepted) or sigv4 (SES requests must carry a valid AWS Signature Version 4; needs --credentials) (default \(settingsDefaults.auth.rawValue)).")
    var auth: AuthMode?
    @Option(help: "Credentials JSON file for --auth sigv4 (required with it, refused without it): {\"AKID\": \"secret\"} or {\"AKID\": {\"secret\": \"...\", \"sessionToken\": \"...\"}}.")
    var credentials: String?
    @Option(help: "Virtual Deliverability Manager, enabled or disabled, for a database that holds no account settings yet (default \(FeatureToggle(settingsDefaults.vdmEnabled).rawValue)); PutAccountVdmAttributes changes it.")
    var vdm: FeatureToggle?
    @Option(name: .customLong("max-24-hour-send"), help: "GetAccount's SendQuota.Max24HourSend (default \(settingsDefaults.max24HourSend)).")
    var max24HourSend: Int?
    @Option(help: "GetAccount's SendQuota.MaxSendRate, messages per second (default \(settingsDefaults.maxSendRate)).")
    var maxSendRate: Int?
    @Option(help: "Folder for export job files (default: <database>-exports beside --database, else a temporary folder removed at exit).")
    var exportsDir: String?
    @Option(help: "Seconds an export job stays PROCESSING before it runs, to test polling and CancelExportJob (default \(number(settingsDefaults.exportDelay))).")
    var exportDelay: Double?
    @Option(help: "Folder CreateImportJob reads from: s3://<bucket>/<key> is <folder>/<bucket>/<key> (default: none, and import jobs fail saying so).")
    var importsDir: String?
    @Option(help: "The dedicated IP addresses GetDedicatedIps lists, comma-separated IPv4 (default: none); PUT /_emulator/dedicated-ips changes them.")
    var dedicatedIps: String?

    /// Option values (flags and environment) are checked here, so a bad one prints serve's usage.
    func validate() throws {
        _ = try resolve()
    }

    func run() throws {
        var options = try resolve()
        Memory.configureForServer()
        let logger = AccessLogger(level: options.logLevel, format: options.logFormat)
        if options.settings.auth == .sigv4, let path = options.credentialsPath {
            do {
                options.settings.credentials = try SigV4Credentials(contentsOfFile: path)
            } catch {
                fail("\(error)")
            }
        }
        let catalog: ISPCatalog
        do {
            catalog = try options.ispCatalogPath.map { try ISPCatalog(contentsOfFile: $0) } ?? .builtIn
        } catch {
            fail("\(error)")
        }
        var seed: SeedData? = nil
        if let path = options.seedDataPath {
            do {
                seed = try SeedData(path: path, catalog: catalog)
            } catch {
                fail("\(error)")
            }
            if let seed, seed.events.isEmpty {
                logger.log(.warning, seed.files.isEmpty ? "--seed-data \(path) holds no *.ndjson files; no seed data"
                                                        : "--seed-data \(path) holds no events; no seed data")
            }
        }
        var faultConfiguration = FaultConfiguration()
        if let path = options.faultsPath {
            do {
                faultConfiguration = try FaultConfiguration(jsonBytes: try FileIO.readAll(path: path), catalog: catalog)
            } catch {
                fail("invalid fault configuration \(path): \(error)")
            }
        }
        var outcomeConfiguration = OutcomeConfiguration()
        if let path = options.outcomesPath {
            do {
                outcomeConfiguration = try OutcomeConfiguration(jsonBytes: try FileIO.readAll(path: path))
            } catch {
                fail("invalid outcome rules \(path): \(error)")
            }
        }
        let store: MetricsStore
        do {
            store = try MetricsStore(path: options.databasePath, catalog: catalog, pageCacheMiB: options.pageCacheMiB)
        } catch {
            fail("cannot open the metrics store\(options.databasePath.map { " at \($0)" } ?? ""): \(error)")
        }
        let service: EmulatorService
        do {
            service = try EmulatorService(store: store, catalog: catalog, settings: options.settings, logger: logger,
                                          seeding: Seeding(seed: seed, shiftToToday: options.seedShiftToToday),
                                          faults: faultConfiguration, outcomes: outcomeConfiguration)
        } catch {
            store.close()
            fail("cannot start on \(store.path): \(error)")
        }
        let held: Int, seeded: Int
        do {
            held = try store.eventCount()
            seeded = try service.seedIfEmpty()
        } catch {
            service.close()
            store.close()
            fail("cannot load the seed data into \(store.path): \(error)")
        }
        let server = HTTPServer(configuration: options.server, router: service.makeRouter(), hooks: service.makeHooks())
        let address: SocketAddress
        do {
            address = try server.start()
        } catch .addressInUse(let inUse) {
            service.close()
            store.close()
            fail("cannot listen on \(inUse): the address is already in use")
        } catch {
            service.close()
            store.close()
            fail("cannot listen on \(options.server.host):\(options.server.port): \(error)")
        }
        ShutdownSignals.install { [server, store, service] in
            server.shutdown {
                store.close()
                service.close()
                Glibc.exit(0)
            }
        }
        var serving = "serving \(store.path)"
        if seed != nil {
            serving += held > 0 ? "; seed data skipped: the database already holds \(held) events"
                                : "; \(seeded) seed events loaded"
        }
        logger.log(.info, serving)
        logger.log(.info, "export files in \(service.exportsDirectory)")
        do {
            logger.log(.info, Self.describe(try store.summary()))
        } catch {
            logger.log(.warning, "cannot summarise the data in \(store.path): \(error)")
        }
        // Written straight to fd 1, so it is flushed at once even when stdout is a pipe.
        var ready = "ses-metrics-emulator listening on \(address.urlString)\n"
        ready.withUTF8 { _ = write(1, $0.baseAddress, $0.count) }
        dispatchMain()
    }

    /// One log line: how many events, which days, how many identities, configuration sets and ISPs.
    private static func describe(_ summary: DataSummary) -> String {
        var line = "data: \(summary.eventCount) events"
        if let first = summary.firstDay, let last = summary.lastDay {
            line += ", \(UTCCalendar.formatDate(days: first / UTCCalendar.secondsPerDay)) to "
                + "\(UTCCalendar.formatDate(days: last / UTCCalendar.secondsPerDay)) (UTC); identities "
                + "\(summary.identities.count), configuration sets \(summary.configurationSets.count), ISPs \(summary.isps.count)"
        }
        return line
    }

    /// Startup failures after parsing: a clear line on stderr and exit status 2, before listening.
    private func fail(_ message: String) -> Never {
        writeStandardError("ses-metrics-emulator: error: \(message)\n")
        Glibc.exit(2)
    }

    private func resolve() throws -> ResolvedServeOptions {
        var env = EnvironmentDefaults()
        var server = Self.serverDefaults
        server.host = env.string("host", host) ?? server.host
        server.port = try env.int("port", port, default: server.port, range: 0...65535)
        server.limits.maxHeaderBytes = try env.int("max-header-bytes", maxHeaderBytes, default: server.limits.maxHeaderBytes,
                                                   range: 1024...(1 << 20))
        server.limits.maxRequestLineBytes = min(server.limits.maxRequestLineBytes, server.limits.maxHeaderBytes)
        server.limits.maxConnections = try env.int("max-connections", maxConnections, default: server.limits.maxConnections,
                                                   range: 1...100_000)
        server.limits.headerTimeout = try env.seconds("header-timeout", headerTimeout, default: server.limits.headerTimeout)
        server.limits.bodyTimeout = try env.seconds("body-timeout", bodyTimeout, default: server.limits.bodyTimeout)
        server.limits.writeTimeout = try env.seconds("write-timeout", writeTimeout, default: server.limits.writeTimeout)
        server.limits.idleTimeout = try env.seconds("idle-timeout", idleTimeout, default: server.limits.idleTimeout)
        server.handlerThreads = try env.int("handler-threads", handlerThreads, default: server.handlerThreads, range: 1...256)
        server.eventLoops = try env.int("event-loops", eventLoops, default: server.eventLoops, range: 1...256)
        server.shutdownGracePeriod = try env.seconds("shutdown-grace", shutdownGrace, default: server.shutdownGracePeriod)

        var settings = Self.settingsDefaults
        settings.zeroFill = try env.negatableBool("zero-fill", zeroFill, default: settings.zeroFill)
        settings.maxRangeDays = try env.int("max-range-days", maxRangeDays, default: settings.maxRangeDays, range: 1...3_000_000)
        settings.wildcards = try env.choice("wildcards", wildcards, default: settings.wildcards)
        settings.sesBodyLimit = try env.int("max-body-bytes", maxBodyBytes, default: settings.sesBodyLimit, range: 1024...(1 << 30))
        server.limits.maxBodyBytes = settings.sesBodyLimit
        settings.eventsBodyLimit = try env.int("max-events-body-bytes", maxEventsBodyBytes, default: settings.eventsBodyLimit,
                                               range: 1024...(1 << 32))
        settings.controlAPI = try env.negatableBool("control-api", controlApi, default: settings.controlAPI)
        settings.requestLogSize = try env.int("request-log-size", requestLogSize, default: settings.requestLogSize,
                                              range: 0...1_000_000)
        settings.answerCacheBytes = try env.int("answer-cache-mb", answerCacheMb, default: settings.answerCacheBytes >> 20,
                                                range: 0...4096) << 20
        if let rateText = env.string("rate-limit", rateLimit) {
            guard let rate = RateLimit.parse(rateText) else {
                throw ValidationError("--rate-limit must be 'off' or CALLS:QUERIES with positive numbers; got '\(rateText)'")
            }
            settings.rateLimit = rate
        }
        settings.auth = try env.choice("auth", auth, default: settings.auth)
        settings.vdmEnabled = try env.choice("vdm", vdm, default: FeatureToggle(settings.vdmEnabled)).isOn
        settings.max24HourSend = try env.int("max-24-hour-send", max24HourSend, default: settings.max24HourSend,
                                             range: 0...1_000_000_000)
        settings.maxSendRate = try env.int("max-send-rate", maxSendRate, default: settings.maxSendRate, range: 1...1_000_000)
        settings.exportsDirectory = env.string("exports-dir", exportsDir)
        settings.importsDirectory = env.string("imports-dir", importsDir)
        settings.exportDelay = try env.seconds("export-delay", exportDelay, default: settings.exportDelay, allowingZero: true)
        if let list = env.string("dedicated-ips", dedicatedIps) {
            let ips = list.split(separator: ",").map { String($0.filter { $0 != " " }) }.filter { !$0.isEmpty }
            if let bad = ips.first(where: { !DedicatedIps.isAddress($0) }) {
                throw ValidationError("--dedicated-ips takes comma-separated IPv4 addresses; '\(bad)' is not one")
            }
            settings.dedicatedIps = ips
        }
        let credentialsPath = env.string("credentials", credentials)
        let resolved = ResolvedServeOptions(
            server: server, settings: settings,
            databasePath: env.string("database", database),
            pageCacheMiB: try env.int("page-cache-mb", pageCacheMb, default: Self.defaultPageCacheMiB, range: 1...65536),
            seedDataPath: env.string("seed-data", seedData),
            seedShiftToToday: try env.negatableBool("seed-shift-to-today", seedShiftToToday, default: false),
            ispCatalogPath: env.string("isp-catalog", ispCatalog),
            faultsPath: env.string("faults", faults),
            outcomesPath: env.string("outcomes", outcomes),
            credentialsPath: credentialsPath,
            logLevel: try env.choice("log-level", logLevel, default: Self.defaultLogLevel),
            logFormat: try env.choice("log-format", logFormat, default: Self.defaultLogFormat))
        try env.rejectUnknownVariables()

        if settings.auth == .sigv4 && credentialsPath == nil {
            throw ValidationError("--auth sigv4 needs --credentials FILE (or SES_EMULATOR_CREDENTIALS)")
        }
        if settings.auth != .sigv4 && credentialsPath != nil {
            throw ValidationError("--credentials is only read with --auth sigv4 (or SES_EMULATOR_AUTH=sigv4), which is missing")
        }
        return resolved
    }

    /// `16:160`, or `off` for no quotas: the form --rate-limit takes.
    private static func rateLimitText(_ rate: RateLimit?) -> String {
        guard let rate else { return "off" }
        return "\(number(rate.callsPerSecond)):\(number(rate.queriesPerSecond))"
    }

    /// `10` for 10.0, `0.5` for 0.5: a number as an option takes it.
    private static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}

struct ResolvedServeOptions {
    var server: HTTPServerConfiguration
    var settings: EmulatorSettings
    var databasePath: String?
    var pageCacheMiB: Int
    var seedDataPath: String?
    var seedShiftToToday: Bool
    var ispCatalogPath: String?
    var faultsPath: String?
    var outcomesPath: String?
    var credentialsPath: String?
    var logLevel: LogLevel
    var logFormat: LogFormat
}

extension LogLevel: ExpressibleByArgument {}
extension LogFormat: ExpressibleByArgument {}
extension AuthMode: ExpressibleByArgument {}
extension WildcardPolicy: ExpressibleByArgument {}
