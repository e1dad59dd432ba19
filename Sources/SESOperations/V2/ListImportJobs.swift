import AWSModel
import SESDomain
import SESWire

/// `POST /v2/email/import-jobs/list`: newest first, `ImportDestinationType` filters; a NextToken
/// is a position in that list.
package struct ListImportJobs: ModelOperation {
    package static let name = "ListImportJobs"

    package let imports: ImportJobs

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        let member = input["ImportDestinationType"]?.string.map { $0 == "SUPPRESSION_LIST" ? "SuppressionListDestination" : "ContactListDestination" }
        let jobs = try imports.jobs.all()
            .filter { job in member.map { Self.has(job, $0) } ?? true }
            .sorted { ($0.createdMillis, $0.name) > ($1.createdMillis, $1.name) }
        return try PagedList.answer(input, Array(jobs.enumerated()), member: "ImportJobs", key: { PagedList.position($0.offset) }) {
            Self.wire.value(.json(.object($0.element.document)), as: "ImportJobSummary")
        }
    }

    private static func has(_ job: SESDomain.Resource, _ member: String) -> Bool {
        if case .object(let destination)? = job["ImportDestination"] { return destination[member] != nil }
        return false
    }

    package init(imports: ImportJobs) { self.imports = imports }
}
