/// `GET /v2/email/export-jobs/{JobId}`: every member of the model; `ExportDestination.S3Url` is
/// the file's address on the emulator once the job is COMPLETED.
struct GetExportJob: SESOperation {
    static let name = "GetExportJob"

    let jobs: ExportJobs

    func decode(_ exchange: SESExchange) throws(AWSError) -> String {
        exchange.pathParameters["JobId"] ?? ""
    }

    func execute(_ id: String, _ exchange: SESExchange) throws(AWSError) -> OperationResult {
        guard let job = jobs.job(id) else { throw jobs.notFound(id) }
        let host = exchange.request.headers["Host"]
        return OperationResult(body: job.fragment { ExportDownload.url(host: host, file: $0) }.bytes)
    }
}
