import AWSModel

/// `GET /v2/email/export-jobs/{JobId}`: every member of the model; `ExportDestination.S3Url` is
/// the file's address on the emulator once the job is COMPLETED.
struct GetExportJob: ModelOperation {
    static let name = "GetExportJob"

    let jobs: ExportJobs

    func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        let id = input["JobId"]?.string ?? ""
        guard let job = jobs.job(id) else { throw jobs.notFound(id) }
        let host = exchange.request.headers["Host"]
        return Self.wire.value(job.fragment { ExportDownload.url(host: host, file: $0) }, as: "GetExportJobResponse")
    }
}
