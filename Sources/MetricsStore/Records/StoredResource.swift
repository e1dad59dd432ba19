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

/// A resource written beside a send's messages and events, in their transaction: inserted, or its
/// document replaced when the key exists (its creation time stays).
public struct ResourcePut: Sendable, Equatable {
    public var kind: String
    public var resource: StoredResource

    public init(kind: String, _ resource: StoredResource) {
        self.kind = kind
        self.resource = resource
    }
}
