import AWSModel
import SESDomain
import SESWire

/// `POST /v2/email/import-jobs`: the file is imported before the answer (ImportJobs).
package struct CreateImportJob: ModelOperation {
    package static let name = "CreateImportJob"

    package let imports: ImportJobs

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        .structure(["JobId": .string(try imports.create(input, atMillis: exchange.startedEpochMillis))])
    }

    package init(imports: ImportJobs) { self.imports = imports }
}
