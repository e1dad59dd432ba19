import SESDomain
import SESWire

/// `POST /v2/email/export-jobs`: a metrics export job (`MetricsDataSource`), run in the
/// background; answers its `JobId` at once. A query fault matching the job fails it.
package struct CreateExportJob: SESOperation {
    package static let name = "CreateExportJob"
    /// Observed: export jobs with VDM disabled are a BadRequestException (BatchGetMetricData's is a 404).
    package static let gates: [AccountGate] = [.vdmEnabled(otherwise: .badRequest("To use this feature you must enable Virtual Deliverability Manager"))]

    package let jobs: ExportJobs
    package let reader: ExportRequestReader
    package let faults: FaultInjector

    package func decode(_ exchange: SESExchange) throws(AWSError) -> RequestBody {
        try RequestBody.parse(exchange.request.body)
    }

    package func validate(_ body: RequestBody) throws(AWSError) -> ExportDefinition {
        try reader.read(body)
    }

    package func execute(_ definition: ExportDefinition, _ exchange: SESExchange) throws(AWSError) -> OperationResult {
        // Decided now, in request order, so a seeded fault configuration fails the same jobs every run.
        // The job's queries carry its id, which a fault's queryId pattern can match.
        let id = RequestID.make()
        let fault = faults.queryFaults(definition.faultQueries(jobID: id), scope: exchange.scope).lazy.compactMap { $0 }.first
        try jobs.create(id: id, definition, injectedFailure: fault.map { "\($0.code): \($0.message)" })
        return OperationResult(body: JSONFragment.object([("JobId", .string(id))]).bytes)
    }

    package init(jobs: ExportJobs, reader: ExportRequestReader, faults: FaultInjector) {
        self.jobs = jobs
        self.reader = reader
        self.faults = faults
    }
}
