@preconcurrency import Dispatch
import Glibc
import JSON
import MetricsStore
import SESWire
import Support
import Synchronization

/// Every export job, the runner that takes them CREATED → PROCESSING → COMPLETED or FAILED on
/// background threads (never an event loop; at most `maxRunning` at once, the rest wait
/// CREATED), and their records in the store (resources of kind `export-job`), so they survive a
/// restart with `--database`. Only unfinished jobs are held whole in memory; a finished one is
/// read back from its record, and memory keeps just its file's name (for the file route and a
/// reset), so thousands of jobs cost a few bytes each.
package final class ExportJobs: ResettableState {
    package static let maxRunning = 20
    package static let interruptedMessage = "The emulator stopped before the job finished."

    private struct State {
        /// The unfinished jobs.
        var jobs: [String: ExportJob] = [:]
        /// The finished jobs' file names (nil: no file), by id.
        var finished: [String: String?] = [:]
        /// Ids, oldest first (ListExportJobs answers newest first).
        var order: [String] = []
        var waiting: [String] = []

        /// The slots taken: a cancelled job frees its slot at once, even before its run wakes up.
        var processing: Int { jobs.values.count { $0.status == .PROCESSING } }

        /// `job` as it now is: whole while unfinished, else only its file's name.
        mutating func keep(_ job: ExportJob) {
            if job.status.isFinished {
                jobs[job.id] = nil
                finished[job.id] = .some(job.fileName)
            } else {
                jobs[job.id] = job
            }
        }
    }

    private let state = Mutex(State())
    private let store: MetricsStore
    private let records: ResourceCollection
    package let directory: ExportsDirectory
    /// How long a job stays PROCESSING before it reads the store (`--export-delay`), so a
    /// client's polling and CancelExportJob can be tested.
    private let processingDelayMillis: Int64
    private let queue = DispatchQueue(label: "ses-metrics-emulator.exports", attributes: .concurrent)

    /// Reads the stored jobs; one a previous run left unfinished is FAILED now (its run is gone).
    package init(store: MetricsStore, directory: ExportsDirectory, processingDelayMillis: Int64) throws(AWSError) {
        self.store = store
        self.records = ResourceCollection(store: store, kind: .exportJob)
        self.directory = directory
        self.processingDelayMillis = processingDelayMillis
        var jobs: [ExportJob] = []
        for record in try records.all() {
            var job = try ExportJob(stored: record)
            if !job.status.isFinished {
                job.status = .FAILED
                job.errorMessage = Self.interruptedMessage
                job.completedMillis = UTCCalendar.nowMillis()
                try save(job)
            }
            jobs.append(job)
        }
        // The store lists by key; the jobs' order is their creation.
        jobs.sort { ($0.createdMillis, $0.id) < ($1.createdMillis, $1.id) }
        state.withLock { s in
            for job in jobs { s.finished[job.id] = .some(job.fileName) }
            s.order = jobs.map(\.id)
        }
    }

    /// Records a new job (durably, before its id is returned) and queues it.
    package func create(id: String, _ definition: ExportDefinition, injectedFailure: String?) throws(AWSError) {
        var job = ExportJob(id: id, definition: definition, createdMillis: UTCCalendar.nowMillis())
        job.injectedFailure = injectedFailure
        try records.create(name: id, members: job.storedMembers, atMillis: job.createdMillis)
        state.withLock { s in
            s.jobs[job.id] = job
            s.order.append(job.id)
            s.waiting.append(job.id)
        }
        startWaiting()
    }

    package func job(_ id: String) -> ExportJob? {
        let (unfinished, isFinished) = state.withLock { s in (s.jobs[id], s.finished[id] != nil) }
        if let unfinished { return unfinished }
        return isFinished ? stored(id) : nil
    }

    /// Newest first: the unfinished from memory, the finished from their records, read in one go.
    package func all() -> [ExportJob] {
        let (order, unfinished, finished) = state.withLock { s in (s.order, s.jobs, s.finished) }
        var stored: [String: ExportJob] = [:]
        for record in (try? records.all()) ?? [] where finished[record.name] != nil {
            if let job = try? ExportJob(stored: record) { stored[job.id] = job }
        }
        return order.reversed().compactMap { unfinished[$0] ?? stored[$0] }
    }

    /// The job whose file is `name`: only names the emulator made are ever served.
    package func completedJob(fileNamed name: String) -> ExportJob? {
        guard let id = state.withLock({ s in s.finished.first { $0.value == name }?.key }) else { return nil }
        return stored(id).flatMap { $0.status == .COMPLETED ? $0 : nil }
    }

    /// A finished job as its record holds it (nil if the record is gone, as in a reset).
    private func stored(_ id: String) -> ExportJob? {
        (try? records.find(id)).flatMap { $0 }.flatMap { try? ExportJob(stored: $0) }
    }

    /// CREATED or PROCESSING → CANCELLED; a finished job is refused (the model lists no conflict error).
    package func cancel(_ id: String) throws(AWSError) {
        defer { startWaiting() }
        try state.withLock { (s: inout State) throws(AWSError) in
            guard var job = s.jobs[id] else {
                guard s.finished[id] != nil, let done = stored(id) else { throw records.notFound(id) }
                throw .badRequest("Export job \(id) is \(done.status.rawValue) and can no longer be cancelled.")
            }
            job.status = .CANCELLED
            job.completedMillis = UTCCalendar.nowMillis()
            try save(job)
            s.keep(job)
            s.waiting.removeAll { $0 == id }
        }
    }

    /// Forgets every job and removes its file (`/_emulator/reset`, after the store lost their
    /// records); a job running now finds itself gone and deletes what it wrote.
    package func resetInMemory() {
        state.withLock { s in
            for case let name? in s.finished.values { directory.remove(name) }
            for case let name? in s.jobs.values.map(\.fileName) { directory.remove(name) }
            s = State()
        }
    }

    /// `Export job <id> does not exist.`
    package func notFound(_ id: String) -> AWSError { records.notFound(id) }

    // MARK: - Runner

    /// Takes waiting jobs into free slots: PROCESSING at once, the work after the delay (which
    /// holds no thread meanwhile).
    private func startWaiting() {
        let started: [ExportJob] = state.withLock { s in
            var jobs: [ExportJob] = []
            var free = Self.maxRunning - s.processing
            while free > 0, !s.waiting.isEmpty {
                let id = s.waiting.removeFirst()
                guard var job = s.jobs[id], job.status == .CREATED else { continue }
                job.status = .PROCESSING
                try? save(job)   // as in update(_:from:_:)
                s.jobs[id] = job
                jobs.append(job)
                free -= 1
            }
            return jobs
        }
        for job in started {
            queue.asyncAfter(deadline: .now() + .milliseconds(Int(processingDelayMillis))) { self.process(job) }
        }
    }

    private func process(_ job: ExportJob) {
        defer { startWaiting() }
        let id = job.id
        guard self.job(id)?.status == .PROCESSING else { return }   // cancelled or removed while it waited
        if let failure = job.injectedFailure {
            _ = update(id, from: .PROCESSING) { Self.fail(&$0, failure) }
            return
        }
        let name = job.plannedFileName
        let sums: GroupedSums
        do {
            sums = try store.groupedSums(job.definition.groupedQuery)
            try directory.write(ExportFileWriter.render(sums, job.definition), to: name)
        } catch {
            _ = update(id, from: .PROCESSING) { Self.fail(&$0, "The export failed: \(error)") }
            return
        }
        let completed = update(id, from: .PROCESSING) { j in
            j.status = .COMPLETED
            j.completedMillis = UTCCalendar.nowMillis()
            j.processedRecords = sums.countedEvents
            j.exportedRecords = Int64(sums.rows.count)
            j.fileName = name
        }
        // Cancelled or removed meanwhile: the file is nobody's.
        if completed == nil { directory.remove(name) }
    }

    private static func fail(_ job: inout ExportJob, _ message: String) {
        job.status = .FAILED
        job.completedMillis = UTCCalendar.nowMillis()
        job.errorMessage = message
    }

    /// Applies `change` to job `id` if it is still in `status`, stored first; returns the job as
    /// changed, or nil when it was cancelled or removed meanwhile.
    private func update(_ id: String, from status: ExportJobStatus, _ change: (inout ExportJob) -> Void) -> ExportJob? {
        state.withLock { s in
            guard var job = s.jobs[id], job.status == status else { return nil }
            change(&job)
            // A record that cannot be written keeps the job whole in memory, answered from there
            // (a restart would mark it FAILED).
            if (try? save(job)) == nil { s.jobs[id] = job } else { s.keep(job) }
            return job
        }
    }

    private func save(_ job: ExportJob) throws(AWSError) {
        try records.update(Resource(name: job.id, createdMillis: job.createdMillis, document: JSONObject(members: [])),
                           members: job.storedMembers)
    }
}
