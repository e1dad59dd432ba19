/// What an ingest did: events stored, and events skipped because their eventId was known.
public struct IngestResult: Sendable, Equatable {
    public var accepted: Int
    public var duplicates: Int

    public init(accepted: Int, duplicates: Int) {
        self.accepted = accepted
        self.duplicates = duplicates
    }
}
