/// `PUT /v2/email/export-jobs/{JobId}/cancel`: a CREATED or PROCESSING job becomes CANCELLED
/// (no file is kept); a finished one is a BadRequestException.
struct CancelExportJob: SESOperation {
    static let name = "CancelExportJob"

    let jobs: ExportJobs

    func decode(_ exchange: SESExchange) throws(AWSError) -> String {
        exchange.pathParameters["JobId"] ?? ""
    }

    func execute(_ id: String, _ exchange: SESExchange) throws(AWSError) -> OperationResult {
        try jobs.cancel(id)
        return OperationResult(body: Array("{}".utf8))
    }
}
