import MetricsStore
import SESDomain
import SESWire

/// `POST /v2/email/metrics/batch`: daily sums of VDM metrics. Per query, a query fault or a read;
/// the reads of one batch come from one snapshot of the store. A batch asked again with nothing
/// committed since is answered from `AnswerCache`, on the event loop, while no query fault is set.
package struct BatchGetMetricData: SESOperation {
    package static let name = "BatchGetMetricData"
    package static let gates: [AccountGate] = [.vdmEnabled(otherwise: .notFound("To use this feature you must enable Virtual Deliverability Manager"))]
    package static let answersFromMemory = true

    package let store: MetricsStore
    package let validator: RequestValidator
    package let zeroFill: Bool
    package let faults: FaultInjector
    package let answers: AnswerCache

    package func decode(_ exchange: SESExchange) throws(AWSError) -> BatchGetMetricDataRequest {
        try RequestDecoder.decode(exchange.request.body)
    }

    package func validate(_ decoded: BatchGetMetricDataRequest) throws(AWSError) -> BatchGetMetricDataInput {
        BatchGetMetricDataInput(queries: try validator.validate(decoded))
    }

    /// AWS's quota counts calls and queries.
    package func quotaCost(_ input: BatchGetMetricDataInput) -> Int? { input.queries.count }

    /// Validation depends on the body and the server's settings only, so a remembered body's
    /// input is what decoding and validating it again would give.
    package func answerFromMemory(_ exchange: SESExchange) -> (input: BatchGetMetricDataInput, result: OperationResult)? {
        guard !faults.injectsQueryFaults, let stamp = store.changeStamp,
              let (input, answer) = answers.answer(to: exchange.request.body, at: stamp) else { return nil }
        return (input, OperationResult(body: answer))
    }

    package func execute(_ input: BatchGetMetricDataInput, _ exchange: SESExchange) throws(AWSError) -> OperationResult {
        // Before the read: the answer then reflects this stamp's commits or later ones, and a
        // later commit changes the stamp, so a kept answer is never older than its stamp says.
        let stamp = store.changeStamp
        let queries = input.queries
        let injected = faults.queryFaults(queries, scope: exchange.scope)
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
        let body = ResponseEncoder.encode(outcomes)
        if let stamp, !injected.contains(where: { $0 != nil }) {
            answers.keep(body, input: input, for: exchange.request.body, at: stamp)
        }
        return OperationResult(body: body)
    }

    private func read(_ queries: [MetricQuery]) throws(AWSError) -> [DailySeries] {
        guard !queries.isEmpty else { return [] }
        do {
            return try store.query(queries, zeroFill: zeroFill)
        } catch {
            throw .internalFailure("Internal error while reading metrics: \(error)")
        }
    }

    package init(store: MetricsStore, validator: RequestValidator, zeroFill: Bool, faults: FaultInjector, answers: AnswerCache) {
        self.store = store
        self.validator = validator
        self.zeroFill = zeroFill
        self.faults = faults
        self.answers = answers
    }
}

/// The queries of a batch that passed validation.
package struct BatchGetMetricDataInput: Sendable, QueryCarryingInput {
    package let queries: [ValidatedQuery]

    package var loggedQueries: [LoggedQuery] { queries.map { LoggedQuery(id: $0.id, metric: $0.query.metric.rawValue) } }
}
