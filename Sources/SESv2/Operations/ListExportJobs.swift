/// `POST /v2/email/list-export-jobs`: jobs newest first, filtered by `ExportSourceType` and
/// `JobStatus`, paged by `PageSize` (default 100) and `NextToken` (the next page's position).
struct ListExportJobs: SESOperation {
    static let name = "ListExportJobs"
    static let method = "POST"
    static let pathTemplate = "/v2/email/list-export-jobs"
    static let defaultPageSize = 100
    static let sourceTypes = ["METRICS_DATA", "MESSAGE_INSIGHTS"]

    struct Input: Sendable {
        let sourceType: String?
        let status: String?
        let pageSize: Int
        let offset: Int
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
        if let pageSize {
            if pageSize < 1 { v.add(at: "pageSize", "Member must have value greater than or equal to 1") }
            if pageSize > 100 { v.add(at: "pageSize", "Member must have value less than or equal to 100") }
        }
        if let error = v.error { throw error }
        var offset = 0
        if let token {
            guard let position = Int(token), position >= 0, String(position) == token else {
                throw .badRequest("Invalid NextToken: '\(token)' is not a token ListExportJobs returned.")
            }
            offset = position
        }
        return Input(sourceType: sourceType, status: status, pageSize: pageSize.map(Int.init) ?? Self.defaultPageSize, offset: offset)
    }

    func execute(_ input: Input, _ exchange: SESExchange) throws(AWSError) -> OperationResult {
        let matching = jobs.all().filter { job in
            (input.sourceType ?? ExportJob.sourceType) == ExportJob.sourceType
                && (input.status == nil || input.status == job.status.rawValue)
        }
        let start = min(input.offset, matching.count)
        let end = min(start + input.pageSize, matching.count)
        var members: [(String, JSONFragment)] = [("ExportJobs", .array(matching[start..<end].map(\.summaryFragment)))]
        if end < matching.count { members.append(("NextToken", .string(String(end)))) }
        return OperationResult(body: JSONFragment.object(members).bytes)
    }
}
