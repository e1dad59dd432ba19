import AWSModel
import SESDomain
import SESWire

/// `PUT /v2/email/export-jobs/{JobId}/cancel`: a CREATED or PROCESSING job becomes CANCELLED
/// (no file is kept); a finished one is a BadRequestException.
package struct CancelExportJob: ModelOperation {
    package static let name = "CancelExportJob"

    package let jobs: ExportJobs

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        try jobs.cancel(input["JobId"]?.string ?? "")
        return .empty
    }

    package init(jobs: ExportJobs) {
        self.jobs = jobs
    }
}
