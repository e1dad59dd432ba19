import JSON
import MetricsStore
import SESWire
import Support

/// GetExportJob's `JobStatus`.
package enum ExportJobStatus: String, CaseIterable, Sendable {
    case CREATED, PROCESSING, COMPLETED, FAILED, CANCELLED

    /// COMPLETED, FAILED and CANCELLED never change again (and cannot be cancelled).
    package var isFinished: Bool { self == .COMPLETED || self == .FAILED || self == .CANCELLED }
}

/// One export job: what it exports, where it stands, and its file once COMPLETED.
package struct ExportJob: Sendable, Equatable {
    /// The only source the emulator exports.
    package static let sourceType = "METRICS_DATA"

    package let id: String
    package let definition: ExportDefinition
    package let createdMillis: Int64
    package var status: ExportJobStatus = .CREATED
    package var completedMillis: Int64?
    package var errorMessage: String?
    package var processedRecords: Int64?
    package var exportedRecords: Int64?
    /// The file's name in the exports folder (COMPLETED only).
    package var fileName: String?
    /// A query fault decided at creation: the job fails with this message when it runs.
    package var injectedFailure: String?

    /// `ses-metrics-<yyyyMMdd_HHmmss>-<jobId>.csv|.json`, from the creation time.
    package var plannedFileName: String {
        let digits = UTCCalendar.rfc3339(millis: createdMillis - createdMillis % 1000).filter(\.isNumber)   // yyyyMMddHHmmss
        return "ses-metrics-\(digits.prefix(8))_\(digits.suffix(6))-\(id).\(definition.format.fileExtension)"
    }

    /// GetExportJob's answer; `fileURL` turns the file name into the S3Url it gives.
    package func fragment(fileURL: (String) -> String) -> JSONFragment {
        var destination: [(String, JSONFragment)] = [("DataFormat", .string(definition.format.rawValue))]
        if let fileName { destination.append(("S3Url", .string(fileURL(fileName)))) }
        var members: [(String, JSONFragment)] = [
            ("JobId", .string(id)),
            ("ExportSourceType", .string(Self.sourceType)),
            ("JobStatus", .string(status.rawValue)),
            ("ExportDestination", .object(destination)),
            ("ExportDataSource", definition.dataSourceFragment),
            ("CreatedTimestamp", Self.timestamp(createdMillis)),
        ]
        if let completedMillis { members.append(("CompletedTimestamp", Self.timestamp(completedMillis))) }
        if let errorMessage { members.append(("FailureInfo", .object([("ErrorMessage", .string(errorMessage))]))) }
        if let processedRecords, let exportedRecords {
            members.append(("Statistics", .object([("ProcessedRecordsCount", .int(processedRecords)),
                                                   ("ExportedRecordsCount", .int(exportedRecords))])))
        }
        return .object(members)
    }

    /// ListExportJobs' `ExportJobSummary`.
    package var summaryFragment: JSONFragment {
        var members: [(String, JSONFragment)] = [
            ("JobId", .string(id)),
            ("ExportSourceType", .string(Self.sourceType)),
            ("JobStatus", .string(status.rawValue)),
            ("CreatedTimestamp", Self.timestamp(createdMillis)),
        ]
        if let completedMillis { members.append(("CompletedTimestamp", Self.timestamp(completedMillis))) }
        return .object(members)
    }

    /// Epoch seconds as a JSON number (the JS SDK refuses strings), to the millisecond.
    private static func timestamp(_ millis: Int64) -> JSONFragment {
        millis % 1000 == 0 ? .int(millis / 1000) : .double(Double(millis) / 1000)
    }

    // MARK: - Stored form

    /// The document kept as a resource (named by the JobId): everything GetExportJob answers,
    /// plus the file's name.
    package var storedMembers: [(String, JSONFragment)] {
        var members: [(String, JSONFragment)] = [
            ("JobStatus", .string(status.rawValue)),
            ("ExportDataSource", definition.dataSourceFragment),
            ("ExportDestination", .object([("DataFormat", .string(definition.format.rawValue))])),
        ]
        if let completedMillis { members.append(("CompletedMillis", .int(completedMillis))) }
        if let errorMessage { members.append(("ErrorMessage", .string(errorMessage))) }
        if let processedRecords { members.append(("ProcessedRecordsCount", .int(processedRecords))) }
        if let exportedRecords { members.append(("ExportedRecordsCount", .int(exportedRecords))) }
        if let fileName { members.append(("File", .string(fileName))) }
        return members
    }

    package init(id: String, definition: ExportDefinition, createdMillis: Int64) {
        self.id = id
        self.definition = definition
        self.createdMillis = createdMillis
    }

    /// Reads a stored job back (the definition through the request's own reader).
    package init(stored: Resource) throws(AWSError) {
        let body = RequestBody(stored.document)
        guard let status = try body.string("JobStatus").flatMap(ExportJobStatus.init(rawValue:)) else {
            throw .internalFailure("export job \(stored.name): no JobStatus")
        }
        self.init(id: stored.name, definition: try ExportRequestReader(maxRangeDays: nil).read(body), createdMillis: stored.createdMillis)
        self.status = status
        completedMillis = try body.int("CompletedMillis")
        errorMessage = try body.string("ErrorMessage")
        processedRecords = try body.int("ProcessedRecordsCount")
        exportedRecords = try body.int("ExportedRecordsCount")
        fileName = try body.string("File")
    }
}
