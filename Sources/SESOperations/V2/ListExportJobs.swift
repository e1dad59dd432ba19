import AWSModel
import SESDomain
import SESWire

/// `POST /v2/email/list-export-jobs`: jobs newest first, filtered by `ExportSourceType` and
/// `JobStatus`, paged by `PageSize` (default 100) and `NextToken` (the next page's position).
package struct ListExportJobs: ModelOperation {
    package static let name = "ListExportJobs"
    package static let defaultPageSize = 100

    package struct Input: Sendable {
        package let sourceType: String?
        package let status: String?
        package let paging: PositionPaging
    }

    package let jobs: ExportJobs

    package func violations(_ value: ModelValue) -> [String] { PositionPaging.violations(pageSize: value["PageSize"]?.integer) }

    package func input(_ value: ModelValue) throws(AWSError) -> Input {
        let paging = try PositionPaging(pageSize: value["PageSize"]?.integer, token: value["NextToken"]?.string,
                                        defaultSize: Self.defaultPageSize, operation: Self.name)
        return Input(sourceType: value["ExportSourceType"]?.string, status: value["JobStatus"]?.string, paging: paging)
    }

    package func handle(_ input: Input, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        let matching = jobs.all().filter { job in
            (input.sourceType ?? ExportJob.sourceType) == ExportJob.sourceType
                && (input.status == nil || input.status == job.status.rawValue)
        }
        let page = input.paging.page(matching)
        var members: [(String, JSONFragment)] = [("ExportJobs", .array(page.items.map(\.summaryFragment)))]
        if let token = page.nextToken { members.append(("NextToken", .string(token))) }
        return Self.wire.value(.object(members), as: "ListExportJobsResponse")
    }

    package init(jobs: ExportJobs) { self.jobs = jobs }
}
