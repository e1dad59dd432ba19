import Glibc
import HTTPServer
import JSON
import MetricsStore
import SESDomain
import SESOperations
import SESWire

/// The emulator's own endpoints under `/_emulator/` (data, summary, reset, request log, faults) and
/// the LocalStack-compatible chaos endpoints (ChaosEndpoints.swift): what lets a test decide the
/// data and the failures.
struct ControlAPI: Sendable {
    /// Its own body limit (`--max-events-body-bytes`); every other route has the SES API's.
    static let eventsPath = "/_emulator/events"

    let store: MetricsStore
    let catalog: ISPCatalog
    let faults: FaultInjector
    let rateLimiter: RateLimiter?
    let requestLog: RequestLog
    let seeding: Seeding
    let eventsBodyLimit: Int
    let account: AccountState
    let recommendations: Recommendations
    let outcomes: OutcomeRules
    let exports: ExportJobs
    let dedicatedIps: DedicatedIps
    let deliverability: DeliverabilityDashboard
    let answers: AnswerCache
    /// The dashboard's longest range, as BatchGetMetricData's (`--max-range-days`).
    let maxRangeDays: Int

    static let requestDetailPrefix = "/_emulator/requests/"

    func register(into router: inout Router) {
        router.add("POST", Self.eventsPath, bodyLimit: eventsBodyLimit, handler { try self.ingest($0) })
        router.add("DELETE", Self.eventsPath, handler { _ in
            ControlAPI.object([("deleted", .int(Int64(try AWSError.fromStore { try self.store.deleteAllEvents() })))])
        })
        router.add("GET", "/_emulator/summary", handler { _ in
            try AWSError.fromStore {
                SummaryDocument.bytes(try self.store.summary(), resources: try self.store.resourceCounts(), seedShiftDays: self.seeding.shiftDays)
            }
        })
        router.add("POST", "/_emulator/reset", handler { request in
            try ResetConfirmation.check(request, store: self.store, seeding: self.seeding)
            return try self.reset()
        })
        router.add("GET", "/_emulator/requests", handler { _ in (self.requestLog.jsonBytes) })
        router.add("DELETE", "/_emulator/requests", handler { _ in
            self.requestLog.clear()
            return (self.requestLog.jsonBytes)
        })
        router.add("GET", "/_emulator/faults", handler { _ in (self.faults.configuration.jsonBytes) })
        router.add("PUT", "/_emulator/faults", handler { request in
            let configuration = try self.parse { try FaultConfiguration(jsonBytes: $0, catalog: self.catalog) }(request)
            self.faults.replace(configuration)
            return (configuration.jsonBytes)
        })
        router.add("DELETE", "/_emulator/faults", handler { _ in
            self.faults.replace(FaultConfiguration())
            return (FaultConfiguration().jsonBytes)
        })
        registerChaos(into: &router)
        registerConsole(into: &router)
        registerDedicatedIps(into: &router)
        registerBlocklist(into: &router)
    }

    /// The control paths that are families, not exact paths: `GET /_emulator/requests/{requestId}`
    /// and the console's `/` redirect.
    func route(_ head: HTTPRequestHead) -> Route? {
        if let redirect = Self.consoleRedirect(head) { return redirect }
        guard head.path.hasPrefix(Self.requestDetailPrefix) else { return nil }
        let requestID = String(head.path.dropFirst(Self.requestDetailPrefix.count))
        return Route(method: head.method, path: head.path, handler: handler { request in
            guard request.method == "GET" || request.method == "HEAD" else { throw AWSError.methodNotAllowed(allowed: ["GET", "HEAD"]) }
            guard let bytes = self.requestLog.detailBytes(requestID) else {
                throw AWSError.notFound("No request \(requestID) in the request log (it keeps the last \(self.requestLog.capacity)).")
            }
            return bytes
        })
    }

    // MARK: - Handlers

    private func ingest(_ request: HTTPRequest) throws(AWSError) -> [UInt8] {
        let essence = request.headers["Content-Type"].map(MediaType.essence)
        let events: [Event]
        do {
            switch essence {
            case "application/x-ndjson":
                events = try EventDecoder.decodeNDJSON(request.body, source: "request body", catalog: catalog)
            case "application/json":
                events = try EventDecoder.decodeJSONArray(request.body, source: "request body", catalog: catalog)
            default:
                throw AWSError.unsupportedMediaType(
                    "Content-Type must be application/x-ndjson (one event a line) or application/json (an array of events), not '\(request.headers["Content-Type"] ?? "")'.")
            }
        } catch let error as EventDecodingError {
            throw .badRequest(Self.describe(error))
        } catch let error as AWSError {
            throw error
        } catch {
            throw .badRequest("\(error)")
        }
        let result = try AWSError.fromStore { try store.ingest(events) }
        return ControlAPI.object([("accepted", .int(Int64(result.accepted))), ("duplicates", .int(Int64(result.duplicates)))])
    }

    private func reset() throws(AWSError) -> [UInt8] {
        let owners: [any ResettableState] = [seeding, account, exports, outcomes, faults, requestLog, recommendations, dedicatedIps, answers]
            + (rateLimiter.map { [$0] } ?? [])
        let (deleted, seeded) = try store.reset(owners)
        return ControlAPI.object([("deleted", .int(Int64(deleted))), ("seeded", .int(Int64(seeded)))])
    }

    // MARK: - Plumbing

    static func object(_ fields: [(String, JSONFragment)]) -> [UInt8] {
        JSONFragment.object(fields).bytes
    }

    /// A control handler answers a JSON body with status 200, or an error.
    /// `status`: the answer's status (LocalStack's DELETE /_aws/ses answers 204 with no body).
    func handler(status: HTTPStatus = .ok, _ body: @escaping @Sendable (HTTPRequest) throws -> [UInt8]) -> HTTPHandler {
        { request, responder in
            let requestID = RequestID.make()
            do {
                try BrowserOriginGuard.check(request)
                let bytes = try body(request)
                responder.respond(status == .ok ? .json(bytes, requestID: requestID)
                                                : HTTPResponse(status: status, headers: HTTPHeaders([("x-amzn-RequestId", requestID)]),
                                                               attachment: PlainExchange(requestID: requestID, error: nil)))
            } catch {
                let awsError = error as? AWSError ?? .internalFailure("\(error)")
                responder.respond(awsError.response(requestID: requestID))
            }
        }
    }

    /// Parses a JSON control body; any problem is a 400 naming it, and nothing changes.
    func parse<T>(_ decode: @escaping ([UInt8]) throws -> T) -> (HTTPRequest) throws(AWSError) -> T {
        { request throws(AWSError) -> T in
            if let contentType = request.headers["Content-Type"], !MediaType.isJSON(contentType: contentType) {
                throw .unsupportedMediaType("Content-Type must be application/json, not '\(contentType)'.")
            }
            do {
                return try decode(request.body)
            } catch let error as FaultConfigurationError {
                throw .badRequest("Invalid fault configuration: \(error.description)")
            } catch let error as StrictObjectReader.Problem {
                throw .badRequest("Invalid fault configuration: \(error.description)")
            } catch let error as OutcomeConfigurationError {
                throw .badRequest("Invalid outcome rules: \(error.description)")
            } catch {
                throw .badRequest("Invalid request body: \(error)")
            }
        }
    }

    /// `line 12: recipientCount: must be at least 1` / `index 3: isp: ...`.
    static func describe(_ error: EventDecodingError) -> String {
        var parts: [String] = []
        if let line = error.line { parts.append("line \(line)") }
        if let index = error.index { parts.append("index \(index)") }
        if let field = error.field { parts.append(field) }
        parts.append(error.reason)
        return "Invalid event batch, nothing was stored: " + parts.joined(separator: ": ")
    }
}
