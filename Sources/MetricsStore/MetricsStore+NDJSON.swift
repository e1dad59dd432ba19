import Support
import Dispatch

/// An NDJSON input for `MetricsStore.ingestNDJSON`: a name for error messages and an open file
/// descriptor (0 for standard input). The caller opens and closes it.
public struct NDJSONSource: Sendable {
    public var name: String
    public var fd: Int32

    public init(name: String, fd: Int32) {
        self.name = name
        self.fd = fd
    }
}

extension MetricsStore {
    /// Bulk-loads NDJSON from several inputs in ONE transaction (atomic across all of them; into
    /// an empty file with a rollback journal, see `rollbackJournalForLoad`):
    /// one thread reads and decodes while the calling thread inserts, so a 10-million-event
    /// stream is never held in memory and uses both cores. A bad line (EventDecodingError naming
    /// source and line) or a read failure (FileIO.Failure) rolls everything back.
    /// `progress(eventsProcessed)` is called on the calling thread after each batch; throwing
    /// from it aborts the load (rolled back).
    public func ingestNDJSON(_ sources: [NDJSONSource], batchSize: Int = 4096,
                             progress: (Int) throws -> Void = { _ in }) throws -> IngestResult {
        let queue = BlockingQueue<[Event]>()
        let catalog = self.catalog
        DispatchQueue.global().async {
            do {
                var batch: [Event] = []
                batch.reserveCapacity(batchSize)
                for source in sources {
                    var stream = NDJSONEventStream(source: source.name, catalog: catalog)
                    struct Cancelled: Error {}
                    let flush = { (batch: inout [Event]) throws in
                        if !queue.put(batch) { throw Cancelled() }
                        batch = []
                        batch.reserveCapacity(batchSize)
                    }
                    do {
                        try FileIO.readChunks(fd: source.fd, path: source.name) { chunk in
                            try stream.consume(chunk) { e in
                                batch.append(e)
                                if batch.count >= batchSize { try flush(&batch) }
                            }
                        }
                        try stream.finish { batch.append($0) }
                    } catch is Cancelled {
                        queue.finish()
                        return
                    }
                }
                if !batch.isEmpty { _ = queue.put(batch) }
                queue.finish()
            } catch {
                queue.finish(error: error)
            }
        }
        do {
            return try bulkIngest(loading: true) { session in
                while let batch = try queue.take() {
                    for e in batch { try session.addValidated(e) }   // decoded with self.catalog
                    try progress(session.processed)
                }
            }
        } catch {
            queue.cancel()
            queue.waitUntilFinished()
            throw error
        }
    }
}
