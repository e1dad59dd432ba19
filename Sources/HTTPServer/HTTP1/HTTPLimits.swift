/// Bounds on what one client may make the server hold or wait for. Every one is configurable;
/// the defaults suit a local emulator that must survive hostile or broken clients.
public struct HTTPLimits: Sendable, Equatable {
    /// Bytes of request line plus header fields (431 beyond it).
    public var maxHeaderBytes = 16 * 1024
    /// Bytes of the request line (414 beyond it).
    public var maxRequestLineBytes = 8 * 1024
    public var maxHeaderFields = 100
    /// Default body limit; a route may set its own (413 beyond it).
    public var maxBodyBytes = 1024 * 1024
    /// Body bytes buffered across all connections at once (503 beyond it).
    public var maxBufferedBodyBytes = 256 * 1024 * 1024
    public var maxConnections = 1024
    /// Time to receive a complete header section once a request has begun (408 after it).
    public var headerTimeout: Double = 10
    /// Time to receive a complete body once the head has arrived (408 after it).
    public var bodyTimeout: Double = 30
    /// Time a response may take to be written to a client that reads slowly or not at all.
    public var writeTimeout: Double = 30
    /// Time an idle keep-alive connection stays open.
    public var idleTimeout: Double = 60
    /// Bytes of a chunk-size line including its extensions.
    public var maxChunkLineBytes = 4096

    public init() {}
}
