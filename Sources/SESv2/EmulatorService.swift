import HTTPServer
import MetricsStore

/// What the SES-facing product is configured with, beyond the HTTP limits.
public struct EmulatorSettings: Sendable {
    public var version: String
    public var zeroFill = false
    public var maxRangeDays = 1096
    /// Body limit of the SES API route.
    public var sesBodyLimit = 1024 * 1024

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
    private let batch: BatchGetMetricDataHandler
    private let health: HealthHandler

    public init(store: MetricsStore, catalog: ISPCatalog, settings: EmulatorSettings, logger: AccessLogger) {
        self.store = store
        self.settings = settings
        self.logger = logger
        self.batch = BatchGetMetricDataHandler(
            store: store, validator: RequestValidator(catalog: catalog, maxRangeDays: settings.maxRangeDays),
            zeroFill: settings.zeroFill)
        self.health = HealthHandler(store: store, version: settings.version)
    }

    public func makeRouter() -> Router {
        var router = Router()
        router.add("POST", Operation.batchPath, bodyLimit: settings.sesBodyLimit) { [batch] request, responder in
            responder.respond(batch.handle(request, requestID: RequestID.make()))
        }
        router.add("GET", "/_emulator/health") { [health] _, responder in
            responder.respond(health.handle(requestID: RequestID.make()))
        }
        router.fallback = { head in
            guard let operation = Operation.name(method: head.method, path: head.path) else { return nil }
            return Route(method: head.method, path: head.path, bodyLimit: nil) { _, responder in
                responder.respond(AWSError.operationNotEmulated(operation).response(requestID: RequestID.make()))
            }
        }
        return router
    }

    public func makeHooks() -> HTTPServerHooks {
        HTTPServerHooks(
            renderError: { error, _ in AWSError(error).response(requestID: RequestID.make()) },
            onExchange: { [logger] record in logger.logExchange(record) })
    }
}
