import HTTPServer
import MetricsStore

/// `POST /v2/email/metrics/batch`, in AWS's order: media types (415, then 406), JSON and types
/// (400), constraints (400), quota (429), request faults, then per query a fault or a store read.
/// A request refused before the quota check, or by it, takes no tokens.
struct BatchGetMetricDataHandler: Sendable {
    let store: MetricsStore
    let validator: RequestValidator
    let zeroFill: Bool
    let rateLimiter: RateLimiter?
    let faults: FaultInjector

    /// The response, and the queries it carried (for the request log).
    func handle(_ request: HTTPRequest, requestID: String, scope: SigV4Scope?) -> (HTTPResponse, [ValidatedQuery]) {
        var queries: [ValidatedQuery] = []
        do {
            queries = try validate(request)
            if let rateLimiter, !rateLimiter.admit(accessKeyID: scope?.accessKeyID, queries: queries.count) {
                throw AWSError.tooManyRequests
            }
            if let error = faults.requestFault(operation: Operation.batchGetMetricData, scope: scope) { throw error }
            let injected = faults.queryFaults(queries, scope: scope)
            // The queries that did not fail are read from one snapshot, so a batch is consistent
            // even while an ingest commits.
            let reads = zip(queries, injected).filter { $0.1 == nil }.map { $0.0.query }
            var series = try read(reads).makeIterator()
            var outcomes: [QueryOutcome] = []
            outcomes.reserveCapacity(queries.count)
            for (query, fault) in zip(queries, injected) {
                if let fault {
                    outcomes.append(.error(id: query.id, code: fault.code, message: fault.message))
                } else {
                    outcomes.append(.result(id: query.id, series: series.next()!))
                }
            }
            let response = HTTPResponse(status: .ok,
                                        headers: HTTPHeaders([("Content-Type", "application/json"), ("x-amzn-RequestId", requestID)]),
                                        body: ResponseEncoder.encode(outcomes))
            return (response, queries)
        } catch let error as AWSError {
            return (error.response(requestID: requestID), queries)
        } catch {
            return (AWSError.internalFailure("\(error)").response(requestID: requestID), queries)
        }
    }

    func validate(_ request: HTTPRequest) throws(AWSError) -> [ValidatedQuery] {
        let contentType = request.headers["Content-Type"]
        if !MediaType.isJSON(contentType: contentType) && (contentType != nil || !request.body.isEmpty) {
            throw .unsupportedMediaType("Unsupported Content-Type '\(contentType ?? "")': this operation accepts application/json.")
        }
        guard MediaType.acceptsJSON(request.headers) else {
            throw .notAcceptable("This operation answers application/json only, which the Accept header excludes.")
        }
        return try validator.validate(try RequestDecoder.decode(request.body))
    }

    func read(_ queries: [MetricQuery]) throws(AWSError) -> [DailySeries] {
        guard !queries.isEmpty else { return [] }
        do {
            return try store.query(queries, zeroFill: zeroFill)
        } catch {
            throw .internalFailure("Internal error while reading metrics: \(error)")
        }
    }
}
