/// A named document the SES layer keeps (an identity, a configuration set, a template): the
/// store holds it as opaque JSON text under its kind and key and knows nothing of its shape.
public struct StoredResource: Sendable, Equatable {
    public var key: String
    public var createdMillis: Int64
    public var document: String

    public init(key: String, createdMillis: Int64, document: String) {
        self.key = key
        self.createdMillis = createdMillis
        self.document = document
    }
}
