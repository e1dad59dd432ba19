import Support
@preconcurrency import Dispatch
import Glibc
import HTTPServer
import MetricsStore

/// What the SES-facing product is configured with, beyond the HTTP limits.
public struct EmulatorSettings: Sendable {
    public var version: String
    public var zeroFill = false
    public var maxRangeDays = 1096
    /// Body limit of the SES API route.
    public var sesBodyLimit = 1024 * 1024
    /// Body limit of `POST /_emulator/events`.
    public var eventsBodyLimit = 64 * 1024 * 1024
    /// nil turns the quotas off.
    public var rateLimit: RateLimit? = .aws
    public var controlAPI = true
    public var requestLogSize = 1000
    /// `.sigv4`: every SES request must be signed by one of `credentials`' keys, checked first.
    public var auth: AuthMode = .none
    public var credentials = SigV4Credentials()

    public init(version: String) {
        self.version = version
    }
}

/// Joins the HTTP core and the metrics store: the routes a client sees, and how the core's own
/// errors look (AWS's JSON errors with a request id).
public final class EmulatorService: Sendable {
    public let store: MetricsStore
    public let settings: EmulatorSettings
    public let logger: AccessLogger
    public let faults: FaultInjector
    private let seeding: Seeding
    private let catalog: ISPCatalog
    private let rateLimiter: RateLimiter?
    private let requestLog: RequestLog
    private let batch: BatchGetMetricDataHandler
    private let health: HealthHandler
    private let verifier: SigV4Verifier?

    public init(store: MetricsStore, catalog: ISPCatalog, settings: EmulatorSettings, logger: AccessLogger,
                seeding: Seeding, faults: FaultConfiguration) {
        self.store = store
        self.catalog = catalog
        self.settings = settings
        self.logger = logger
        self.seeding = seeding
        self.faults = FaultInjector(startup: faults)
        self.rateLimiter = settings.rateLimit.map(RateLimiter.init)
        self.requestLog = RequestLog(capacity: settings.requestLogSize)
        self.batch = BatchGetMetricDataHandler(
            store: store, validator: RequestValidator(catalog: catalog, maxRangeDays: settings.maxRangeDays),
            zeroFill: settings.zeroFill, rateLimiter: rateLimiter, faults: self.faults)
        self.health = HealthHandler(store: store, version: settings.version)
        self.verifier = settings.auth == .sigv4 ? SigV4Verifier(credentials: settings.credentials) : nil
    }

    /// Loads the seed data into an empty store; a store that holds events is left as it is, so a
    /// restart on a kept database does not double the data. Returns the events loaded.
    public func seedIfEmpty() throws -> Int {
        guard try store.eventCount() == 0 else { return 0 }
        return try seeding.load(into: store)
    }

    public func makeRouter() -> Router {
        var router = Router()
        router.add("POST", Operation.batchPath, bodyLimit: settings.sesBodyLimit, sesHandler(Operation.batchGetMetricData) { [batch] request, requestID, scope in
            let (response, queries) = batch.handle(request, requestID: requestID, scope: scope)
            return (response, queries.map { ($0.id, $0.query.metric.rawValue) })
        })
        router.add("GET", "/_emulator/health") { [health] _, responder in
            responder.respond(health.emulator(requestID: RequestID.make()))
        }
        router.add("GET", "/_localstack/health") { [health] _, responder in
            responder.respond(health.localStack(requestID: RequestID.make()))
        }
        if settings.controlAPI {
            ControlAPI(store: store, catalog: catalog, faults: faults, rateLimiter: rateLimiter, requestLog: requestLog,
                       seeding: seeding, eventsBodyLimit: settings.eventsBodyLimit).register(into: &router)
        }
        router.fallback = { [self] head in
            guard let operation = Operation.name(method: head.method, path: head.path) else { return nil }
            return Route(method: head.method, path: head.path, handler: sesHandler(operation) { _, requestID, _ in
                (AWSError.operationNotEmulated(operation).response(requestID: requestID), [])
            })
        }
        return router
    }

    public func makeHooks() -> HTTPServerHooks {
        HTTPServerHooks(
            renderError: { error, _ in AWSError(error).response(requestID: RequestID.make()) },
            onExchange: { [logger] record in logger.logExchange(record) })
    }

    /// Wraps an SES operation: request id, caller's credential scope, the request log, and the
    /// configured latency, applied without holding a handler thread.
    private func sesHandler(
        _ operation: String,
        _ body: @escaping @Sendable (HTTPRequest, String, SigV4Scope?) -> (HTTPResponse, [(id: String, metric: String)])
    ) -> HTTPHandler {
        { [faults, requestLog, verifier] request, responder in
            let started = DispatchTime.now().uptimeNanoseconds
            let startedWall = UTCCalendar.nowMillis()
            let requestID = RequestID.make()
            let scope = SigV4Scope(request.head)
            // Strict SigV4 comes before any other check, as at AWS.
            let refusal = verifier?.refusal(request)
            let (response, queries) = refusal.map { ($0.response(requestID: requestID), []) } ?? body(request, requestID, scope)
            let finish: @Sendable () -> Void = {
                requestLog.append(RequestLogEntry(
                    epochMillis: startedWall, requestID: requestID, method: request.method, path: request.path,
                    operation: operation, status: response.status.code, accessKeyID: scope?.accessKeyID, queries: queries,
                    durationMs: Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6))
                responder.respond(response)
            }
            let latency = faults.latencyMs
            if latency > 0 {
                DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(Int(latency)), execute: finish)
            } else {
                finish()
            }
        }
    }
}
