import AWSModel
import JSON
import MetricsStore
import SESWire
import Support

/// CreateImportJob's jobs: a file named by its S3 URL (`s3://<bucket>/<key>` is
/// `<imports folder>/<bucket>/<key>`) read at once into the suppression list or a contact list,
/// all its records in one transaction; the job is kept as a resource, COMPLETED (or FAILED with the
/// reason) by the time CreateImportJob answers.
package struct ImportJobs: Sendable {
    package let jobs: ResourceCollection
    /// nil: no `--imports-dir`, so every job fails saying so.
    package let directory: String?
    let suppression: SuppressionList
    let contactLists: ContactLists
    /// SES's limit of records in one import file.
    package static let recordLimit = 100_000
    static let fileLimit = 64 << 20

    package init(store: MetricsStore, directory: String?, suppression: SuppressionList, contactLists: ContactLists) {
        jobs = ResourceCollection(store: store, kind: .importJob)
        self.directory = directory
        self.suppression = suppression
        self.contactLists = contactLists
    }

    /// The file an S3 URL names under the folder; a URL that could leave it is refused.
    static func path(_ url: String, under directory: String) throws(AWSError) -> String {
        guard url.hasPrefix("s3://") else { throw .badRequest("Invalid S3Url \(url): expected s3://<bucket>/<key>.") }
        let parts = url.dropFirst(5).split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count >= 2, parts.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." }),
              parts.allSatisfy({ $0.allSatisfy { c in c.isASCII && (c.isLetter || c.isNumber || "-_.!*'()".contains(c)) } }) else {
            throw .badRequest("Invalid S3Url \(url): expected s3://<bucket>/<key> of letters, digits and -_.!*'() between slashes.")
        }
        return directory + "/" + parts.joined(separator: "/")
    }

    /// Creates and runs the job; returns its JobId.
    package func create(_ input: ModelValue, atMillis now: Int64) throws(AWSError) -> String {
        let destination = input["ImportDestination"], source = input["ImportDataSource"]
        let suppressionAction = destination?["SuppressionListDestination"]?["SuppressionListImportAction"]?.string
        let contacts = destination?["ContactListDestination"]
        guard (suppressionAction != nil) != (contacts != nil) else {
            throw .badRequest("ImportDestination must name exactly one of SuppressionListDestination and ContactListDestination.")
        }
        let url = source?["S3Url"]?.string ?? "", format = source?["DataFormat"]?.string ?? "CSV"
        var list: Resource?
        if let contacts {
            let name = contacts["ContactListName"]?.string ?? ""
            guard let found = try contactLists.lists.find(name) else { throw .badRequest("Contact list \(name) does not exist.") }
            list = found
        }
        let path = try directory.map { d throws(AWSError) in try Self.path(url, under: d) }
        let id = RequestID.make()
        var outcome: (processed: Int, failed: Int, problem: String?) = (0, 0, nil)
        var fatal: String?
        do throws(ImportFailure) {
            guard let path else { throw ImportFailure("No imports folder: start the emulator with --imports-dir to import files.") }
            let bytes: [UInt8]
            do { bytes = try FileIO.readAll(path: path) } catch { throw ImportFailure("Cannot read \(url): \(error.description)") }
            guard bytes.count <= Self.fileLimit else { throw ImportFailure("\(url) is larger than \(Self.fileLimit) bytes.") }
            let records = try ImportRecords.parse(bytes, format: format)
            guard records.count <= Self.recordLimit else { throw ImportFailure("\(url) has more than \(Self.recordLimit) records.") }
            outcome = try apply(records, suppression: suppressionAction, list: list, action: contacts?["ContactListImportAction"]?.string,
                                atMillis: now)
        } catch {
            fatal = error.message
        }
        var members: [(String, JSONFragment)] = [
            ("ImportDestination", ModelWire.sesv2.stored(destination ?? .empty, as: "ImportDestination")),
            ("ImportDataSource", ModelWire.sesv2.stored(source ?? .empty, as: "ImportDataSource")),
            ("JobStatus", .string(fatal == nil ? "COMPLETED" : "FAILED")),
            ("CreatedTimestamp", .double(Double(now) / 1000)), ("CompletedTimestamp", .double(Double(now) / 1000)),
            ("ProcessedRecordsCount", .int(Int64(outcome.processed))), ("FailedRecordsCount", .int(Int64(outcome.failed))),
        ]
        // A failed job says why; a completed one with failed records names the first.
        if let message = fatal ?? outcome.problem { members.append(("FailureInfo", .object([("ErrorMessage", .string(message))]))) }
        try jobs.create(name: id, members: members, atMillis: now)
        return id
    }

    /// Writes the records' changes in one transaction; a record without a well-formed address (or
    /// reason) is counted as failed and the rest go in.
    private func apply(_ records: [ImportRecords.Record], suppression action: String?, list: Resource?, action listAction: String?,
                       atMillis now: Int64) throws(ImportFailure) -> (processed: Int, failed: Int, problem: String?) {
        var puts: [ResourcePut] = [], deletes: [String] = [], failed = 0, firstProblem: String?
        for record in records {
            guard let address = EmailAddress(record.address)?.address else {
                failed += 1
                firstProblem = firstProblem ?? "Invalid email address \(record.address)."
                continue
            }
            if let action {
                if action == "DELETE" { deletes.append(address); continue }
                guard let reason = record.reason, reason == "BOUNCE" || reason == "COMPLAINT" else {
                    failed += 1
                    firstProblem = firstProblem ?? "Invalid reason for \(address): expected BOUNCE or COMPLAINT."
                    continue
                }
                puts.append(SuppressionList.put(address, reason: reason, atMillis: now))
            } else if let list {
                if listAction == "DELETE" { deletes.append(address); continue }
                var members: [(String, JSONFragment)] = [("TopicPreferences", .array(record.topicPreferences.map {
                    .object([("TopicName", .string($0.topic)), ("SubscriptionStatus", .string($0.status))])
                })), ("UnsubscribeAll", .bool(record.unsubscribeAll))]
                if let data = record.attributesData { members.append(("AttributesData", .string(data))) }
                puts.append(contactLists.put(in: list, address: address, members: members, atMillis: now))
            }
        }
        do {
            if !puts.isEmpty { _ = try suppression.entries.store.record(messages: [], events: [], resources: puts) }
            if !deletes.isEmpty {
                let (kind, keys) = list.map { contactLists.keys(in: $0, addresses: deletes) }
                    ?? (ResourceKind.suppressedDestination.rawValue, deletes.map(ResourceKind.suppressedDestination.key))
                _ = try suppression.entries.store.deleteResources(kind: kind, keys: keys)
            }
        } catch {
            throw ImportFailure("The store failed: \(error)")
        }
        return (records.count - failed, failed, firstProblem)
    }
}

/// Why an import job failed, as its FailureInfo says.
struct ImportFailure: Error {
    let message: String
    init(_ message: String) { self.message = message }
}
