/// `POST /v2/email/list-export-jobs`: jobs newest first, filtered by `ExportSourceType` and
/// `JobStatus`, paged by `PageSize` (default 100) and `NextToken` (the next page's position).
struct ListExportJobs: SESOperation {
    static let name = "ListExportJobs"
    static let defaultPageSize = 100
    static let sourceTypes = ["METRICS_DATA", "MESSAGE_INSIGHTS"]

    struct Input: Sendable {
        let sourceType: String?
        let status: String?
        let paging: PositionPaging
    }

    let jobs: ExportJobs

    func decode(_ exchange: SESExchange) throws(AWSError) -> RequestBody {
        try RequestBody.parse(exchange.request.body)
    }

    func validate(_ body: RequestBody) throws(AWSError) -> Input {
        let sourceType = try body.string("ExportSourceType")
        let status = try body.string("JobStatus")
        let pageSize = try body.int("PageSize")
        let token = try body.string("NextToken")
        var v = ValidationViolations()
        v.enumValue(sourceType, at: "exportSourceType", Self.sourceTypes)
        v.enumValue(status, at: "jobStatus", ExportJobStatus.allCases.map(\.rawValue))
        PositionPaging.check(pageSize: pageSize, into: &v)
        if let error = v.error { throw error }
        let paging = try PositionPaging(pageSize: pageSize, token: token, defaultSize: Self.defaultPageSize, operation: Self.name)
        return Input(sourceType: sourceType, status: status, paging: paging)
    }

    func execute(_ input: Input, _ exchange: SESExchange) throws(AWSError) -> OperationResult {
        let matching = jobs.all().filter { job in
            (input.sourceType ?? ExportJob.sourceType) == ExportJob.sourceType
                && (input.status == nil || input.status == job.status.rawValue)
        }
        let page = input.paging.page(matching)
        var members: [(String, JSONFragment)] = [("ExportJobs", .array(page.items.map(\.summaryFragment)))]
        if let token = page.nextToken { members.append(("NextToken", .string(token))) }
        return OperationResult(body: JSONFragment.object(members).bytes)
    }
}
