import ArgumentParser
@preconcurrency import Dispatch
import Glibc
import HTTPServer
import MetricsStore
import SESv2

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the SESv2 BatchGetMetricData API.",
        discussion: "Every option can also be set by an environment variable: --some-flag ↔ SES_EMULATOR_SOME_FLAG (the flag wins; an empty variable counts as unset; booleans are true|false|1|0).")

    @Option(help: "Address to listen on: 127.0.0.1, ::1, 0.0.0.0 or :: (default 127.0.0.1).")
    var host: String?
    @Option(help: "Port to listen on; 0 picks a free one (default 4579).")
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
    @Option(help: "Longest date range of one query, in days (default 1096).")
    var maxRangeDays: Int?
    @Option(help: "debug, info, warning or error (default info).")
    var logLevel: LogLevel?
    @Option(help: "text or json (default text).")
    var logFormat: LogFormat?
    @Option(help: "Largest request header section in bytes (default 16384).")
    var maxHeaderBytes: Int?
    @Option(help: "Largest SES API request body in bytes (default 1048576).")
    var maxBodyBytes: Int?
    @Option(help: "Most concurrent connections; more get 503 (default 1024).")
    var maxConnections: Int?
    @Option(help: "Seconds to receive a request's header section (default 10).")
    var headerTimeout: Double?
    @Option(help: "Seconds to receive a request's body (default 30).")
    var bodyTimeout: Double?
    @Option(help: "Seconds to write a response to a slow reader (default 30).")
    var writeTimeout: Double?
    @Option(help: "Seconds an idle keep-alive connection stays open (default 60).")
    var idleTimeout: Double?
    @Option(help: "Threads answering requests (default 4).")
    var handlerThreads: Int?
    @Option(help: "Threads doing socket I/O and HTTP parsing (default: one per core).")
    var eventLoops: Int?
    @Option(help: "Seconds a SIGTERM/SIGINT shutdown waits for in-flight requests (default 10).")
    var shutdownGrace: Double?
    @Option(help: "Fault configuration JSON file (query faults, request faults, latency).")
    var faults: String?
    @Option(help: "Quotas: off, or CALLS:QUERIES per second per access key (default 16:160, AWS's).")
    var rateLimit: String?
    @Flag(inversion: .prefixedNo, help: "Serve the /_emulator and /_localstack control API (default on; health is always served).")
    var controlApi: Bool?
    @Option(help: "SES requests kept for GET /_emulator/requests (default 1000).")
    var requestLogSize: Int?
    @Option(help: "Largest POST /_emulator/events body in bytes (default 67108864).")
    var maxEventsBodyBytes: Int?
    @Option(help: "none (any or no signature accepted) or sigv4 (SES requests must carry a valid AWS Signature Version 4; needs --credentials) (default none).")
    var auth: AuthMode?
    @Option(help: "Credentials JSON file for --auth sigv4: {\"AKID\": \"secret\"} or {\"AKID\": {\"secret\": \"...\", \"sessionToken\": \"...\"}}.")
    var credentials: String?

    /// Option values (flags and environment) are checked here, so a bad one prints serve's usage.
    func validate() throws {
        _ = try resolve()
    }

    func run() throws {
        var options = try resolve()
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
        }
        var faultConfiguration = FaultConfiguration()
        if let path = options.faultsPath {
            do {
                faultConfiguration = try FaultConfiguration(jsonBytes: try FileIO.readAll(path: path), catalog: catalog)
            } catch {
                fail("invalid fault configuration \(path): \(error)")
            }
        }
        let store: MetricsStore
        do {
            store = try MetricsStore(path: options.databasePath, catalog: catalog)
        } catch {
            fail("cannot open the metrics store\(options.databasePath.map { " at \($0)" } ?? ""): \(error)")
        }
        let logger = AccessLogger(level: options.logLevel, format: options.logFormat)
        let service = EmulatorService(store: store, catalog: catalog, settings: options.settings, logger: logger,
                                      seeding: Seeding(seed: seed, shiftToToday: options.seedShiftToToday),
                                      faults: faultConfiguration)
        let seeded: Int
        do {
            seeded = try service.seedIfEmpty()
        } catch {
            store.close()
            fail("cannot load the seed data into \(store.path): \(error)")
        }
        let server = HTTPServer(configuration: options.server, router: service.makeRouter(), hooks: service.makeHooks())
        let address: SocketAddress
        do {
            address = try server.start()
        } catch {
            store.close()
            fail("cannot listen on \(options.server.host):\(options.server.port): \(error)")
        }
        ShutdownSignals.install { [server, store] in
            server.shutdown {
                store.close()
                Glibc.exit(0)
            }
        }
        logger.log(.info, "serving \(store.path); \(seeded) seed events loaded")
        // Written straight to fd 1, so it is flushed at once even when stdout is a pipe.
        var ready = "ses-metrics-emulator listening on \(address.urlString)\n"
        ready.withUTF8 { _ = write(1, $0.baseAddress, $0.count) }
        dispatchMain()
    }

    /// Startup failures after parsing: a clear line on stderr and exit status 2, before listening.
    private func fail(_ message: String) -> Never {
        writeStandardError("ses-metrics-emulator: error: \(message)\n")
        Glibc.exit(2)
    }

    private func resolve() throws -> ResolvedServeOptions {
        typealias E = EnvironmentDefaults
        var server = HTTPServerConfiguration()
        server.host = E.string("host", host, default: "127.0.0.1")!
        server.port = try E.int("port", port, default: 4579, range: 0...65535)
        server.limits.maxHeaderBytes = try E.int("max-header-bytes", maxHeaderBytes, default: 16 * 1024, range: 1024...(1 << 20))
        server.limits.maxRequestLineBytes = min(server.limits.maxRequestLineBytes, server.limits.maxHeaderBytes)
        server.limits.maxConnections = try E.int("max-connections", maxConnections, default: 1024, range: 1...100_000)
        server.limits.headerTimeout = try E.seconds("header-timeout", headerTimeout, default: 10)
        server.limits.bodyTimeout = try E.seconds("body-timeout", bodyTimeout, default: 30)
        server.limits.writeTimeout = try E.seconds("write-timeout", writeTimeout, default: 30)
        server.limits.idleTimeout = try E.seconds("idle-timeout", idleTimeout, default: 60)
        server.handlerThreads = try E.int("handler-threads", handlerThreads, default: 4, range: 1...256)
        server.eventLoops = try E.int("event-loops", eventLoops, default: server.eventLoops, range: 1...256)
        server.shutdownGracePeriod = try E.seconds("shutdown-grace", shutdownGrace, default: 10)

        var settings = EmulatorSettings(version: EmulatorVersion.string)
        settings.zeroFill = try E.bool("zero-fill", zeroFill, default: false)
        settings.maxRangeDays = try E.int("max-range-days", maxRangeDays, default: 1096, range: 1...3_000_000)
        settings.sesBodyLimit = try E.int("max-body-bytes", maxBodyBytes, default: 1024 * 1024, range: 1024...(1 << 30))
        server.limits.maxBodyBytes = settings.sesBodyLimit
        settings.eventsBodyLimit = try E.int("max-events-body-bytes", maxEventsBodyBytes, default: 64 * 1024 * 1024, range: 1024...(1 << 32))
        settings.controlAPI = try E.bool("control-api", controlApi, default: true)
        settings.requestLogSize = try E.int("request-log-size", requestLogSize, default: 1000, range: 0...1_000_000)
        let rateText = E.string("rate-limit", rateLimit, default: "16:160")!
        guard let rate = RateLimit.parse(rateText) else {
            throw ValidationError("--rate-limit must be 'off' or CALLS:QUERIES with positive numbers; got '\(rateText)'")
        }
        settings.rateLimit = rate
        settings.auth = try E.choice("auth", auth, default: .none)
        let credentialsPath = E.string("credentials", credentials)
        if settings.auth == .sigv4 && credentialsPath == nil {
            throw ValidationError("--auth sigv4 needs --credentials FILE (or SES_EMULATOR_CREDENTIALS)")
        }

        return ResolvedServeOptions(
            server: server, settings: settings,
            databasePath: E.string("database", database),
            seedDataPath: E.string("seed-data", seedData),
            seedShiftToToday: try E.bool("seed-shift-to-today", seedShiftToToday, default: false),
            ispCatalogPath: E.string("isp-catalog", ispCatalog),
            faultsPath: E.string("faults", faults),
            credentialsPath: credentialsPath,
            logLevel: try E.choice("log-level", logLevel, default: .info),
            logFormat: try E.choice("log-format", logFormat, default: .text))
    }
}

struct ResolvedServeOptions {
    var server: HTTPServerConfiguration
    var settings: EmulatorSettings
    var databasePath: String?
    var seedDataPath: String?
    var seedShiftToToday: Bool
    var ispCatalogPath: String?
    var faultsPath: String?
    var credentialsPath: String?
    var logLevel: LogLevel
    var logFormat: LogFormat
}

extension LogLevel: ExpressibleByArgument {}
extension LogFormat: ExpressibleByArgument {}
extension AuthMode: ExpressibleByArgument {}
