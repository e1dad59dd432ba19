/// A mail sent through the API as the inspection endpoint lists it: the store keeps its id, time
/// and sender for lookups and the rest as opaque JSON text.
public struct StoredMessage: Sendable, Equatable {
    public var messageId: String
    public var timestampMillis: Int64
    public var source: String
    public var document: String

    public init(messageId: String, timestampMillis: Int64, source: String, document: String) {
        self.messageId = messageId
        self.timestampMillis = timestampMillis
        self.source = source
        self.document = document
    }
}
