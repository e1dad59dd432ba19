@preconcurrency import Dispatch
import HTTPServer

/// One SESv2 request from arrival to answer, in AWS's order. Read it top to bottom: each stage is
/// a function of the exchange, and the first stage that throws ends the request with its AWS
/// error. Operations plug in through `SESOperation`; nothing here names one.
struct Pipeline: Sendable {
    let routes: SESRouteTable
    let verifier: SigV4Verifier?
    let account: AccountState
    let rateLimiter: RateLimiter?
    let faults: FaultInjector
    let requestLog: RequestLog

    /// The handler of every SESv2 route; `match` was resolved when the request's head arrived.
    func handle(_ request: HTTPRequest, _ match: SESRouteTable.Match, _ responder: HTTPResponder) {
        var exchange: SESExchange
        if case .operation(_, let parameters) = match {
            exchange = SESExchange(request: request, operation: match.operationName, pathParameters: parameters)
        } else {
            exchange = SESExchange(request: request, operation: match.operationName)
        }
        do {
            try authenticate(exchange)
            try negotiateMediaType(exchange)
            let operation = try resolveOperation(match)
            operation.run(self, &exchange)
        } catch {
            exchange.outcome = .failed(error)
        }
        delay { [exchange] in respond(exchange, responder) }
    }

    /// The operation's own stages, with its types: gates, decode, validate, quota, request faults,
    /// execute. Reached through `RegisteredOperation.run`.
    func run<Op: SESOperation>(_ operation: Op, _ exchange: inout SESExchange) {
        do {
            try checkAccountGates(Op.gates)
            let decoded = try operation.decode(exchange)
            let input = try operation.validate(decoded)
            exchange.input = input
            try takeQuota(operation.quotaCost(input), exchange)
            try injectRequestFault(exchange)
            exchange.outcome = .succeeded(try operation.execute(input, exchange))
        } catch {
            exchange.outcome = .failed(error)
        }
    }

    // MARK: - Stages, in order

    /// Strict SigV4 (when on) comes before any other check, as at AWS.
    func authenticate(_ exchange: SESExchange) throws(AWSError) {
        if let error = verifier?.refusal(exchange.request) { throw error }
    }

    /// 415 for a body that is not JSON, then 406 when the client accepts no JSON (RFC 9110 §12.5).
    func negotiateMediaType(_ exchange: SESExchange) throws(AWSError) {
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
        case .operation(let operation, _): return operation
        case .notEmulated(let name): throw .operationNotEmulated(name, emulated: routes.emulated)
        case .methodNotAllowed(_, let allowed): throw .methodNotAllowed(allowed: allowed)
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

    /// The configured latency, without holding a handler thread.
    func delay(_ then: @escaping @Sendable () -> Void) {
        let latency = faults.latencyMs
        guard latency > 0 else { return then() }
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(Int(latency)), execute: then)
    }

    /// The result or the AWS error on the wire, logged, then sent.
    func respond(_ exchange: SESExchange, _ responder: HTTPResponder) {
        var response: HTTPResponse
        switch exchange.outcome {
        case .succeeded(let result):
            response = HTTPResponse(status: result.status,
                                    headers: HTTPHeaders([("Content-Type", "application/json"), ("x-amzn-RequestId", exchange.requestID)]),
                                    body: result.body)
        case .failed(let error):
            response = error.response(requestID: exchange.requestID)
        case .pending:
            response = AWSError.internalFailure("Internal error").response(requestID: exchange.requestID)
        }
        response.attachment = exchange
        requestLog.append(RequestLogEntry(exchange, status: response.status.code),
                          requestBody: exchange.request.body, responseBody: response.body)
        responder.respond(response)
    }
}
