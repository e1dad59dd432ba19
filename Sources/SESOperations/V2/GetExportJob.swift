import AWSModel
import SESDomain
import SESWire

/// `GET /v2/email/export-jobs/{JobId}`: every member of the model; `ExportDestination.S3Url` is
/// the file's address on the emulator once the job is COMPLETED.
package struct GetExportJob: ModelOperation {
    package static let name = "GetExportJob"

    package let jobs: ExportJobs

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        let id = input["JobId"]?.string ?? ""
        guard let job = jobs.job(id) else { throw jobs.notFound(id) }
        let host = exchange.request.headers["Host"]
        return Self.wire.value(job.fragment { ExportDownload.url(host: host, file: $0) }, as: "GetExportJobResponse")
    }

    package init(jobs: ExportJobs) { self.jobs = jobs }
}
