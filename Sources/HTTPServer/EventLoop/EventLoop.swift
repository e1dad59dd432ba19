import CEpoll
import Glibc
import Synchronization

/// One thread running `epoll_wait` over the connections it accepted: it reads, parses, routes and
/// writes for them, and keeps their timeouts in one deadline heap. Connection state is touched
/// only on this thread, so it needs no locks.
///
/// Other threads reach the loop through `execute`: a handler's answer, shutdown's drain. The
/// tasks wait in a mailbox, and the first task into an empty mailbox wakes the loop through an
/// `eventfd`, so a burst of answers costs one wake-up.
final class EventLoop: @unchecked Sendable {
    private static let wakeToken = UInt64.max
    private static let listenerToken = UInt64.max - 1
    private static let maxEvents: Int32 = 256
    /// EMFILE / ENFILE: how long the listener is left alone before accepting again.
    private static let acceptBackOff: UInt64 = 100_000_000

    private let epoll: Int32
    private let wakeFD: Int32
    private let context: ServerContext
    private let mailbox = Mutex<[@Sendable () -> Void]>([])

    // Loop thread only below.
    private var connections: [Connection?] = []
    private var timers = DeadlineHeap()
    /// Connections that stopped reading at their per-turn budget with input left: served next turn.
    private var retries: [Connection] = []
    private var listener: Int32 = -1
    private var acceptResumesAt = UInt64.max
    private var running = true
    private let events: UnsafeMutablePointer<epoll_event>
    /// Every connection of this loop reads into this buffer; the parser keeps what it needs.
    let readBuffer: UnsafeMutableRawBufferPointer
    /// The monotonic clock at the start of this turn, in nanoseconds.
    private(set) var now: UInt64 = 0
    /// The `Date` value and the second it was formatted for: once per second per loop.
    private var dateSecond = -1
    private var dateText = ""

    init(context: ServerContext) throws(SocketError) {
        self.context = context
        epoll = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard epoll >= 0 else { throw .systemCall("epoll_create1", errno: errno) }
        wakeFD = eventfd(0, Int32(EFD_NONBLOCK) | Int32(EFD_CLOEXEC))
        guard wakeFD >= 0 else {
            let code = errno
            Glibc.close(epoll)
            throw .systemCall("eventfd", errno: code)
        }
        events = .allocate(capacity: Int(Self.maxEvents))
        readBuffer = .allocate(byteCount: 64 * 1024, alignment: 16)
        // Edge-triggered and never read: each write to the eventfd is an edge, and its counter
        // cannot overflow in practice, so a wake-up costs the loop no extra system call.
        var event = cepoll_event(EPOLLIN.rawValue | EPOLLET.rawValue, Self.wakeToken)
        guard epoll_ctl(epoll, EPOLL_CTL_ADD, wakeFD, &event) == 0 else {
            let code = errno
            Glibc.close(wakeFD)
            Glibc.close(epoll)
            throw .systemCall("epoll_ctl(eventfd)", errno: code)
        }
        now = Self.monotonicNow()
    }

    deinit {
        // Closed here, not when the thread ends: a late `execute` from a handler thread must never
        // write to a descriptor number that has been reused.
        Glibc.close(wakeFD)
        Glibc.close(epoll)
        events.deallocate()
        readBuffer.deallocate()
    }

    /// Starts the loop's thread, accepting from `listener`.
    func start(listener: Int32) {
        self.listener = listener
        addListener()
        var thread = pthread_t()
        let retained = Unmanaged.passRetained(self).toOpaque()
        let rc = pthread_create(&thread, nil, { raw in
            let loop = Unmanaged<EventLoop>.fromOpaque(raw!).takeRetainedValue()
            loop.run()
            return nil
        }, retained)
        precondition(rc == 0, "pthread_create failed: \(rc)")
        pthread_detach(thread)
    }

    /// Runs `task` on the loop's thread, from any thread.
    func execute(_ task: @escaping @Sendable () -> Void) {
        let first = mailbox.withLock { tasks in
            tasks.append(task)
            return tasks.count == 1
        }
        if first {
            var one: UInt64 = 1
            _ = Glibc.write(wakeFD, &one, 8)
        }
    }

    /// Ends the loop's thread after the tasks already queued.
    func stop() {
        execute { [self] in running = false }
    }

    // MARK: - The loop

    private func run() {
        while running {
            let n = epoll_wait(epoll, events, Self.maxEvents, retries.isEmpty ? waitTimeout() : 0)
            now = Self.monotonicNow()
            if n < 0 {
                precondition(errno == EINTR, "epoll_wait failed: \(errno)")
                continue
            }
            for i in 0..<Int(n) {
                let token = cepoll_token(events + i)
                switch token {
                case Self.wakeToken:
                    runMailbox()
                case Self.listenerToken:
                    acceptPending()
                default:
                    let fd = Int(token)
                    if fd < connections.count, let connection = connections[fd] {
                        connection.handle(events: events[i].events)
                    }
                }
            }
            if !retries.isEmpty {
                let again = retries
                retries.removeAll(keepingCapacity: true)
                for connection in again { connection.retry() }
            }
            while let (deadline, connection) = timers.popDue(now: now) {
                connection.timerDue(deadline)
            }
            if now >= acceptResumesAt {
                acceptResumesAt = .max
                addListener()
            }
        }
        for case let connection? in connections { connection.close() }
        // Connections refer to their loop: drop every reference to them, so the loop can go.
        connections = []
        timers = DeadlineHeap()
        retries = []
        mailbox.withLock { $0 = [] }
    }

    private func runMailbox() {
        var tasks = mailbox.withLock { tasks in
            defer { tasks = [] }
            return tasks
        }
        for task in tasks { task() }
        tasks.removeAll()
    }

    /// Milliseconds until the earliest timer, rounded up; -1 (forever) when none is set.
    private func waitTimeout() -> Int32 {
        let next = min(timers.earliest ?? .max, acceptResumesAt)
        guard next != .max else { return -1 }
        guard next > now else { return 0 }
        return Int32(min((next - now + 999_999) / 1_000_000, 60_000))
    }

    static func monotonicNow() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }

    // MARK: - Accepting

    private func addListener() {
        guard listener >= 0 else { return }
        // Level-triggered, and EPOLLEXCLUSIVE so a new connection wakes one loop, not all of them.
        // One listener shared by the loops rather than one SO_REUSEPORT listener each: with
        // SO_REUSEPORT a second emulator could bind the same port without an error.
        var event = cepoll_event(EPOLLIN.rawValue | EPOLLEXCLUSIVE.rawValue, Self.listenerToken)
        _ = epoll_ctl(epoll, EPOLL_CTL_ADD, listener, &event)
    }

    /// Stops accepting: shutdown, or EMFILE for a moment.
    private func removeListener() {
        guard listener >= 0 else { return }
        var event = epoll_event()
        _ = epoll_ctl(epoll, EPOLL_CTL_DEL, listener, &event)
    }

    private func acceptPending() {
        // Bounded per turn so a connect flood cannot starve this loop's connections; the
        // level-triggered listener reports the rest next turn.
        for _ in 0..<64 {
            let fd: Int32
            do {
                guard let accepted = try Socket.accept(listener) else { return }
                fd = accepted
            } catch {
                // EMFILE / ENFILE: back off instead of spinning on a readable listener.
                removeListener()
                acceptResumesAt = now + Self.acceptBackOff
                return
            }
            guard let connection = context.register({ id in Connection(fd: fd, id: id, loop: self, context: context) }) else {
                Socket.refuse(fd, answer: ResponseWriter.serialize(context.hooks.renderError(.tooManyConnections, nil),
                                                                   omitBody: false, close: true, date: date()))
                continue
            }
            let index = Int(fd)
            if index >= connections.count {
                connections.append(contentsOf: repeatElement(nil, count: index + 1 - connections.count))
            }
            connections[index] = connection
            // Edge-triggered with EPOLLOUT from the start: an edge for output comes only after a
            // send hit a full socket buffer, so output readiness costs no epoll_ctl per response.
            var event = cepoll_event(EPOLLIN.rawValue | EPOLLOUT.rawValue | EPOLLRDHUP.rawValue | EPOLLET.rawValue, UInt64(index))
            guard epoll_ctl(epoll, EPOLL_CTL_ADD, fd, &event) == 0 else {
                connection.close()
                continue
            }
            connection.start()
        }
    }

    // MARK: - For connections and shutdown (loop thread)

    func schedule(_ connection: Connection, at deadline: UInt64) {
        timers.push(deadline, connection)
    }

    func retryNextTurn(_ connection: Connection) {
        retries.append(connection)
    }

    func connectionClosed(_ connection: Connection, fd: Int32) {
        connections[Int(fd)] = nil
        context.connectionClosed(connection)
    }

    /// The IMF-fixdate of the current second.
    func date() -> String {
        let second = time(nil)
        if second != dateSecond {
            dateSecond = second
            dateText = HTTPDate.format(epochSeconds: second)
        }
        return dateText
    }

    /// Graceful shutdown: no more accepting; idle connections close, busy ones after their exchange.
    func beginDrain() {
        removeListener()
        listener = -1
        acceptResumesAt = .max
        for case let connection? in connections { connection.drain() }
    }

    /// The grace period is over.
    func closeAll() {
        for case let connection? in connections { connection.close() }
    }
}
