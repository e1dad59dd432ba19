import AWSModel

/// `PUT /v2/email/export-jobs/{JobId}/cancel`: a CREATED or PROCESSING job becomes CANCELLED
/// (no file is kept); a finished one is a BadRequestException.
struct CancelExportJob: ModelOperation {
    static let name = "CancelExportJob"

    let jobs: ExportJobs

    func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        try jobs.cancel(input["JobId"]?.string ?? "")
        return .empty
    }
}
