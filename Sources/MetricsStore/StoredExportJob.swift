/// An export job as the store keeps it: its id, when it was made (the listing order) and a
/// document only the SES layer reads.
public struct StoredExportJob: Sendable, Equatable {
    public var id: String
    public var createdMillis: Int64
    public var document: String

    public init(id: String, createdMillis: Int64, document: String) {
        self.id = id
        self.createdMillis = createdMillis
        self.document = document
    }
}
