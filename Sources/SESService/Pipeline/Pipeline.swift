@preconcurrency import Dispatch
import HTTPServer
import SESDomain
import SESOperations
import SESWire
import SigV4

/// One SES request (SESv2, or an SES v1 action) from arrival to answer, in AWS's order. Read it top to bottom: each stage is
/// a function of the exchange, and the first stage that throws ends the request with its AWS
/// error. Operations plug in through `SESOperation`; nothing here names one.
struct Pipeline: Sendable {
    let routes: SESRouteTable
    let actions: QueryActionTable
    let verifier: SigV4Verifier?
    let account: AccountState
    let rateLimiter: RateLimiter?
    let faults: FaultInjector
    let requestLog: RequestLog

    /// The core's route for a request matched to `match`: tried on the event loop first when the
    /// operation may answer from memory.
    func route(method: String, path: String, _ match: SESRouteTable.Match, bodyLimit: Int) -> Route {
        var inline: InlineHandler?
        if match.answersFromMemory { inline = { @Sendable [self] request in answerOnLoop(request, match) } }
        return Route(method: method, path: path, bodyLimit: bodyLimit, inline: inline) { request, responder in
            handle(request, match, responder)
        }
    }

    /// The handler of every SESv2 route; `match` was resolved when the request's head arrived.
    func handle(_ request: HTTPRequest, _ match: SESRouteTable.Match, _ responder: HTTPResponder) {
        var exchange = SESExchange(request: request, match: match)
        _ = process(&exchange, match, from: .worker)
        answer(exchange, responder)
    }

    /// `handle` on the event loop's thread, for an operation that may answer from memory. Without
    /// an answer from memory the exchange, authenticated and past the account gates, goes on
    /// from there on a handler thread.
    func answerOnLoop(_ request: HTTPRequest, _ match: SESRouteTable.Match) -> InlineResult {
        guard faults.latencyMs == 0 else { return .handOff { [self] request, responder in handle(request, match, responder) } }
        var exchange = SESExchange(request: request, match: match)
        guard let operation = process(&exchange, match, from: .loop) else { return .answered(response(for: exchange)) }
        return .handOff { [self, exchange] _, responder in
            var exchange = exchange
            _ = operation.run(self, &exchange, .afterLoop)
            answer(exchange, responder)
        }
    }

    /// Where an operation's own stages begin: all of them on a handler thread; on the event loop,
    /// answering from memory or not at all; or after the gates, for an exchange the loop handed off.
    enum Start { case worker, loop, afterLoop }

    /// The request's stages up to its outcome. From `.loop`, the operation that must go on on a
    /// handler thread, when it could not answer from memory; otherwise nil.
    private func process(_ exchange: inout SESExchange, _ match: SESRouteTable.Match, from start: Start) -> RegisteredOperation? {
        do {
            try authenticate(exchange)
            try negotiateMediaType(exchange)
            let operation = try resolveOperation(match)
            return operation.run(self, &exchange, start) ? nil : operation
        } catch {
            exchange.outcome = .failed(error)
            return nil
        }
    }

    /// The operation's own stages, with its types: gates, decode, validate, quota, request faults,
    /// execute. Reached through `RegisteredOperation.run`. From `.loop` an answer from memory
    /// stands in for decode, validate and execute; without one, false, before any stage that
    /// changes something.
    func run<Op: SESOperation>(_ operation: Op, _ exchange: inout SESExchange, from start: Start) -> Bool {
        do {
            if start != .afterLoop { try checkAccountGates(Op.gates) }
            let input: Op.Input
            var remembered: OperationResult?
            if start == .loop {
                guard let answer = operation.answerFromMemory(exchange) else { return false }
                (input, remembered) = answer
            } else {
                input = try operation.validate(try operation.decode(exchange))
            }
            // Decided where the input's type is known, so no dynamic cast runs per request.
            exchange.loggedQueries = (input as? QueryCarryingInput)?.loggedQueries ?? []
            try takeQuota(operation.quotaCost(input), exchange)
            try injectRequestFault(exchange)
            if let remembered {
                exchange.outcome = .succeeded(remembered)
            } else {
                exchange.outcome = .succeeded(try operation.execute(input, exchange))
            }
        } catch {
            exchange.outcome = .failed(error)
        }
        return true
    }

    // MARK: - Stages, in order

    /// Strict SigV4 (when on) comes before any other check, as at AWS.
    func authenticate(_ exchange: SESExchange) throws(AWSError) {
        if let error = verifier?.refusal(exchange.request) { throw error }
    }

    /// 415 for a body that is not JSON, then 406 when the client accepts no JSON (RFC 9110 §12.5).
    /// An SES v1 request was recognised by its form body or query, and answers XML.
    func negotiateMediaType(_ exchange: SESExchange) throws(AWSError) {
        guard exchange.wire == .restJSON else { return }
        let request = exchange.request
        let contentType = request.headers["Content-Type"]
        if !MediaType.isJSON(contentType: contentType) && (contentType != nil || !request.body.isEmpty) {
            throw .unsupportedMediaType("Unsupported Content-Type '\(contentType ?? "")': this operation accepts application/json.")
        }
        guard MediaType.acceptsJSON(request.headers) else {
            throw .notAcceptable("This operation answers application/json only, which the Accept header excludes.")
        }
    }

    /// The route names an operation of the model; only an emulated one with the right method runs.
    func resolveOperation(_ match: SESRouteTable.Match) throws(AWSError) -> RegisteredOperation {
        switch match {
        case .operation(let operation, _), .action(let operation, _): return operation
        case .notEmulated(let name): throw .operationNotEmulated(name, emulated: routes.emulated)
        case .methodNotAllowed(_, let allowed): throw .methodNotAllowed(allowed: allowed)
        case .actionNotEmulated(let name): throw .queryActionNotEmulated(name)
        case .unknownAction(let name): throw .invalidAction(name)
        }
    }

    /// Account states checked before the body is read: a malformed body still hears about them.
    func checkAccountGates(_ gates: [AccountGate]) throws(AWSError) {
        for gate in gates {
            switch gate {
            case .vdmEnabled(let error):
                if !account.vdmEnabled { throw error }
            }
        }
    }

    /// A request refused before this stage, or by it, takes no tokens.
    func takeQuota(_ cost: Int?, _ exchange: SESExchange) throws(AWSError) {
        guard let cost, let rateLimiter else { return }
        if !rateLimiter.admit(accessKeyID: exchange.scope?.accessKeyID, queries: cost) { throw .tooManyRequests }
    }

    func injectRequestFault(_ exchange: SESExchange) throws(AWSError) {
        if let error = faults.requestFault(operation: exchange.operation, scope: exchange.scope) { throw error }
    }

    /// The answer after the configured latency, without holding a handler thread meanwhile.
    private func answer(_ exchange: SESExchange, _ responder: HTTPResponder) {
        let latency = faults.latencyMs
        guard latency > 0 else { return responder.respond(response(for: exchange)) }
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(Int(latency))) { responder.respond(response(for: exchange)) }
    }

    /// The result or the AWS error on the wire, logged.
    func response(for exchange: SESExchange) -> HTTPResponse {
        var response: HTTPResponse
        switch exchange.outcome {
        case .succeeded(let result):
            let contentType = exchange.wire == .query ? "text/xml" : "application/json"
            response = HTTPResponse(status: result.status,
                                    headers: HTTPHeaders([("Content-Type", contentType), ("x-amzn-RequestId", exchange.requestID)]),
                                    body: result.body)
        case .failed(let error):
            response = exchange.wire == .query ? error.queryResponse(requestID: exchange.requestID) : error.response(requestID: exchange.requestID)
        case .pending:
            let error = AWSError.internalFailure("Internal error")
            response = exchange.wire == .query ? error.queryResponse(requestID: exchange.requestID) : error.response(requestID: exchange.requestID)
        }
        response.attachment = exchange
        requestLog.append(RequestLogEntry(exchange, status: response.status.code),
                          requestBody: exchange.request.body, responseBody: response.body)
        return response
    }
}
