import Glibc

public struct HTTPServerConfiguration: Sendable {
    public var host = "127.0.0.1"
    /// 0 picks a free port; `HTTPServer.start()` returns the one it got.
    public var port = 4579
    public var limits = HTTPLimits()
    /// Threads that run handlers. Bounds concurrent blocking work such as SQLite queries.
    public var handlerThreads = 4
    /// Event-loop threads doing all socket I/O and HTTP parsing; each owns the connections it accepts.
    public var eventLoops = HTTPServerConfiguration.defaultEventLoops
    public var backlog: Int32 = 1024
    /// How long a graceful shutdown waits for in-flight exchanges before closing them.
    public var shutdownGracePeriod: Double = 10

    /// One event loop per online core.
    public static var defaultEventLoops: Int { max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN))) }

    public init() {}
}
