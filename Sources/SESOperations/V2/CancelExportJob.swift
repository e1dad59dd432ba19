import SESDomain
import SESWire

/// `PUT /v2/email/export-jobs/{JobId}/cancel`: a CREATED or PROCESSING job becomes CANCELLED
/// (no file is kept); a finished one is a BadRequestException.
package struct CancelExportJob: RemovalOperation {
    package static let name = "CancelExportJob"
    package static let nameMember = "JobId"

    package let jobs: ExportJobs

    package init(jobs: ExportJobs) { self.jobs = jobs }

    package func remove(_ name: String) throws(AWSError) { try jobs.cancel(name) }
}
