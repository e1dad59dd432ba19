import HTTPServer
import MetricsStore

/// `POST /v2/email/metrics/batch`: media types (415, then 406), JSON and types (400),
/// constraints (400), then one store read per query.
struct BatchGetMetricDataHandler: Sendable {
    let store: MetricsStore
    let validator: RequestValidator
    let zeroFill: Bool

    func handle(_ request: HTTPRequest, requestID: String) -> HTTPResponse {
        do {
            let queries = try validate(request)
            var outcomes: [QueryOutcome] = []
            outcomes.reserveCapacity(queries.count)
            for query in queries {
                outcomes.append(.result(id: query.id, series: try read(query)))
            }
            return HTTPResponse(status: .ok,
                                headers: HTTPHeaders([("Content-Type", "application/json"), ("x-amzn-RequestId", requestID)]),
                                body: ResponseEncoder.encode(outcomes))
        } catch {
            return error.response(requestID: requestID)
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

    func read(_ query: ValidatedQuery) throws(AWSError) -> DailySeries {
        do {
            return try store.query(query.query, zeroFill: zeroFill)
        } catch {
            throw .internalFailure("Internal error while reading metrics: \(error)")
        }
    }
}
