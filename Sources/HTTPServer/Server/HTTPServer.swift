@preconcurrency import Dispatch
import Glibc
import Synchronization

/// A socket-level HTTP/1.1 server on Glibc and Dispatch.
///
/// Design: Dispatch sources rather than a hand-run epoll loop, because they give per-connection
/// serial queues (no locks around connection state) and timers for free; handlers run on a
/// fixed `WorkerPool` so a slow handler never stalls I/O.
public final class HTTPServer: Sendable {
    public let configuration: HTTPServerConfiguration
    private let context: ServerContext
    private let listenerQueue = DispatchQueue(label: "http.listener")
    private let listener = Mutex<(fd: Int32, source: DispatchSourceRead)?>(nil)
    private let nextConnectionID = Atomic<UInt64>(1)
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
        let source = DispatchSource.makeReadSource(fileDescriptor: fd, queue: listenerQueue)
        source.setEventHandler { [weak self] in self?.acceptPending() }
        source.setCancelHandler { Glibc.close(fd) }
        listener.withLock { $0 = (fd, source) }
        source.resume()
        return bound
    }

    public var connectionCount: Int { context.connectionCount }

    /// Stops accepting, lets in-flight exchanges finish, closes idle connections, then calls
    /// `completion` (on a background queue) when all are closed or the grace period is over.
    /// Every caller's completion runs (SIGTERM then SIGINT, say), a late one at once.
    public func shutdown(completion: @escaping @Sendable () -> Void) {
        let completedAlready = shutdownWaiters.withLock { waiters in
            waiters?.append(completion)
            return waiters == nil
        }
        if completedAlready { completion(); return }
        guard !shuttingDown.exchange(true, ordering: .acquiringAndReleasing) else { return }
        let done = Atomic<Bool>(false)
        let finish: @Sendable () -> Void = { [context, self] in
            guard !done.exchange(true, ordering: .acquiringAndReleasing) else { return }
            context.workers.stop()
            let waiters = shutdownWaiters.withLock { waiters in
                defer { waiters = nil }
                return waiters ?? []
            }
            for waiter in waiters { waiter() }
        }
        listenerQueue.async { [self] in
            listener.withLock { current in
                current?.source.cancel()
                current = nil
            }
            for connection in context.allConnections { connection.drain() }
            context.whenEmpty(finish)
            DispatchQueue.global().asyncAfter(deadline: .now() + configuration.shutdownGracePeriod) { [context] in
                for connection in context.allConnections { connection.forceClose() }
                DispatchQueue.global().asyncAfter(deadline: .now() + 0.5) { finish() }
            }
        }
    }

    private func acceptPending() {
        guard let (fd, source) = listener.withLock({ $0 }) else { return }
        // Bounded per wake-up so a connect flood cannot starve the rest of the listener queue;
        // continued by hand rather than trusting the source to fire again for the rest (Dispatch
        // sources on Linux report an edge once: see Connection.readable).
        for _ in 0..<256 {
            let client: Int32
            do {
                guard let accepted = try Socket.accept(fd) else { return }
                client = accepted
            } catch {
                // EMFILE / ENFILE: back off instead of spinning on a readable listener.
                source.suspend()
                listenerQueue.asyncAfter(deadline: .now() + 0.1) { source.resume() }
                return
            }
            guard !shuttingDown.load(ordering: .relaxed), let connection = context.register({
                Connection(fd: client, id: nextConnectionID.add(1, ordering: .relaxed).oldValue, context: context)
            }) else {
                refuse(client, error: .tooManyConnections)
                continue
            }
            connection.start()
        }
        listenerQueue.async { [self] in acceptPending() }
    }

    /// Answers 503 on a connection over the cap, best effort without blocking, and closes it.
    private func refuse(_ fd: Int32, error: HTTPServerError) {
        let bytes = ResponseWriter.serialize(context.hooks.renderError(error, nil), omitBody: false, close: true)
        _ = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT)) }
        Glibc.shutdown(fd, Int32(SHUT_WR))
        withUnsafeTemporaryAllocation(byteCount: 4096, alignment: 1) { scratch in
            _ = recv(fd, scratch.baseAddress, scratch.count, Int32(MSG_DONTWAIT))
        }
        Glibc.close(fd)
    }
}
