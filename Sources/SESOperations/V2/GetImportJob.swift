import AWSModel
import SESDomain
import SESWire

/// `GET /v2/email/import-jobs/{JobId}`.
package struct GetImportJob: ModelOperation {
    package static let name = "GetImportJob"

    package let imports: ImportJobs

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        let job = try imports.jobs.get(input["JobId"]?.string ?? "")
        return Self.wire.value(.json(.object(job.document)), as: "GetImportJobResponse")
    }

    package init(imports: ImportJobs) { self.imports = imports }
}
