@preconcurrency import Dispatch
import Glibc
import Synchronization

/// A socket-level HTTP/1.1 server on Glibc's epoll.
///
/// Design: `eventLoops` threads, each running `epoll_wait` over the connections it accepted from
/// the shared listener, and parsing, routing and writing on that thread (as nginx's workers do);
/// handlers run on a fixed `WorkerPool` so a slow or blocking handler never stalls I/O, and
/// hand their answer back through the loop's mailbox. Dispatch serves only shutdown's timers.
public final class HTTPServer: Sendable {
    public let configuration: HTTPServerConfiguration
    private let context: ServerContext
    private let loops = Mutex<[EventLoop]>([])
    private let listener = Atomic<Int32>(-1)
    private let shuttingDown = Atomic<Bool>(false)
    /// Callers of `shutdown` waiting for it, or nil once it has completed.
    private let shutdownWaiters = Mutex<[@Sendable () -> Void]?>([])

    public init(configuration: HTTPServerConfiguration, router: Router, hooks: HTTPServerHooks = HTTPServerHooks()) {
        self.configuration = configuration
        self.context = ServerContext(limits: configuration.limits, router: router, hooks: hooks,
                                     workers: WorkerPool(threads: configuration.handlerThreads))
    }

    /// Binds and starts accepting. Returns the bound address (the real port when 0 was asked).
    @discardableResult
    public func start() throws(SocketError) -> SocketAddress {
        // A client that disappears must not kill us: sends use MSG_NOSIGNAL, and this covers the rest.
        signal(SIGPIPE, SIG_IGN)
        let address = try SocketAddress(host: configuration.host, port: configuration.port)
        let (fd, bound) = try Socket.makeListener(address, backlog: configuration.backlog)
        var made: [EventLoop] = []
        do throws(SocketError) {
            for _ in 0..<max(1, configuration.eventLoops) { made.append(try EventLoop(context: context)) }
        } catch {
            Socket.close(fd)
            throw error
        }
        listener.store(fd, ordering: .releasing)
        loops.withLock { $0 = made }
        for loop in made { loop.start(listener: fd) }
        return bound
    }

    public var connectionCount: Int { context.connectionCount }

    /// Stops accepting, lets in-flight exchanges finish, closes idle connections, then calls
    /// `completion` (on a background thread) when all are closed or the grace period is over.
    /// Every caller's completion runs (SIGTERM then SIGINT, say), a late one at once.
    public func shutdown(completion: @escaping @Sendable () -> Void) {
        let completedAlready = shutdownWaiters.withLock { waiters in
            waiters?.append(completion)
            return waiters == nil
        }
        if completedAlready { completion(); return }
        guard !shuttingDown.exchange(true, ordering: .acquiringAndReleasing) else { return }
        let loops = self.loops.withLock { $0 }
        let done = Atomic<Bool>(false)
        let finish: @Sendable () -> Void = { [context, self] in
            guard !done.exchange(true, ordering: .acquiringAndReleasing) else { return }
            context.workers.stop()
            for loop in loops { loop.stop() }
            let waiters = shutdownWaiters.withLock { waiters in
                defer { waiters = nil }
                return waiters ?? []
            }
            for waiter in waiters { waiter() }
        }
        // The listener is closed once every loop has stopped polling it.
        let polling = Atomic<Int>(loops.count)
        for loop in loops {
            loop.execute { [self] in
                loop.beginDrain()
                if polling.subtract(1, ordering: .acquiringAndReleasing).newValue == 0 {
                    Socket.close(listener.exchange(-1, ordering: .acquiringAndReleasing))
                }
            }
        }
        context.whenEmpty(finish)
        DispatchQueue.global().asyncAfter(deadline: .now() + configuration.shutdownGracePeriod) {
            for loop in loops { loop.execute { loop.closeAll() } }
            DispatchQueue.global().asyncAfter(deadline: .now() + 0.5) { finish() }
        }
    }
}
