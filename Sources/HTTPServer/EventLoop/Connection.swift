import CEpoll
import Synchronization

/// One client connection: read → parse → handler (on the worker pool) → write → next request.
///
/// Owned by one event loop and touched only on its thread. The socket is registered
/// edge-triggered, so the connection remembers whether input may be waiting (`inputPending`)
/// and reads again by itself when it can take more.
///
/// The one exception is a handler's answer on an idle keep-alive connection: the handler's thread
/// writes it itself, saving the loop a wake-up, if it wins `handoff` before the loop needs the
/// connection back (more input, a hang-up, shutdown, a timer). Otherwise the answer goes through
/// the loop's mailbox.
final class Connection: @unchecked Sendable {
    private enum State { case reading, handling, writing, lingering, closed }
    private enum Phase { case idle, head, body, busy }

    let id: UInt64
    private let fd: Int32
    private let loop: EventLoop
    private let context: ServerContext

    private var parser: RequestParser
    private var state = State.reading
    private var phase = Phase.idle
    /// An edge reported input not yet read to the end.
    private var inputPending = false
    /// The peer half-closed or the socket failed: read until end of stream, a short read proves nothing.
    private var hangUpSeen = false
    private var peerClosed = false
    private var waitingForRetry = false
    private var draining = false
    private var closeAfterWrite = false

    private var outbound: [UInt8] = []
    private var outboundOffset = 0
    /// A send found the socket full; cleared once everything queued is sent.
    private var writeBlocked = false

    private var currentHead: HTTPRequestHead?
    /// The route, resolved once when the head arrives; nil before that.
    private var resolution: Router.Resolution?
    private var reservedBodyBytes = 0
    private var requestStarted: UInt64 = 0
    private var responseStatus = 0
    private var responseHeaders = HTTPHeaders()
    private var responseAttachment: (any Sendable)?

    /// The state of a direct answer (`Handoff`), shared with the handler's thread.
    private let handoff = Atomic<UInt8>(Handoff.none)
    /// When a handler's thread finished writing its answer (monotonic nanoseconds).
    private let directWrittenAt = Atomic<UInt64>(0)
    /// Loop side: a handler's thread may be answering directly.
    private var handoffArmed = false
    /// `close` was asked while a handler's thread was writing: closed once it is done.
    private var closePending = false

    private enum Handoff {
        static let none: UInt8 = 0
        /// The handler runs; its thread may take the socket to answer.
        static let armed: UInt8 = 1
        /// The handler's thread is writing.
        static let writing: UInt8 = 2
        /// The same, and the loop wants to hear when it is done.
        static let writingWatched: UInt8 = 3
        /// The answer was written in full by the handler's thread.
        static let written: UInt8 = 4
        /// The loop took the connection back: the answer goes through the mailbox.
        static let revoked: UInt8 = 5
    }

    private var deadline: UInt64 = .max
    /// The deadline of this connection's earliest entry in the loop's heap.
    private var timerAt: UInt64 = .max

    /// Back-pressure: stop reading while this much unparsed input is queued behind a request.
    private var maxQueuedInput: Int { context.limits.maxHeaderBytes * 2 + 64 * 1024 }
    /// Reads per turn of the loop, so one fast sender cannot starve the loop's other connections.
    private static let readsPerTurn = 16

    init(fd: Int32, id: UInt64, loop: EventLoop, context: ServerContext) {
        self.fd = fd
        self.id = id
        self.loop = loop
        self.context = context
        self.parser = RequestParser(limits: context.limits)
    }

    func start() {
        enterPhase(.idle)
    }

    /// Graceful shutdown: close now if idle, else after the exchange in progress.
    func drain() {
        draining = true
        guard reclaim() else { return }
        if state == .reading && parser.isIdle { close() }
    }

    // MARK: - Events

    func handle(events: UInt32) {
        if events & (EPOLLIN.rawValue | EPOLLRDHUP.rawValue | EPOLLHUP.rawValue | EPOLLERR.rawValue) != 0 {
            inputPending = true
        }
        if events & (EPOLLRDHUP.rawValue | EPOLLHUP.rawValue | EPOLLERR.rawValue) != 0 {
            hangUpSeen = true
        }
        guard reclaim() else { return }
        if events & EPOLLOUT.rawValue != 0 && outboundOffset < outbound.count {
            flush(interim: state != .writing)
        }
        advance()
    }

    func retry() {
        waitingForRetry = false
        advance()
    }

    /// Reads, parses and answers until the connection waits for input, a handler or the socket.
    private func advance() {
        var reads = 0
        while true {
            switch state {
            case .closed:
                return
            case .lingering:
                guard inputPending else { return }
                guard reads < Self.readsPerTurn else { return retryLater() }
                reads += 1
                readInput(keep: false)
                if peerClosed { close() }
            case .handling, .writing:
                // Pipelined requests queue up to a bound, then TCP pushes back on the client.
                guard inputPending, parser.bufferedByteCount <= maxQueuedInput else { return }
                // Input behind the request: the answer must come back through the loop.
                guard reclaim() else { return }
                guard reads < Self.readsPerTurn else { return retryLater() }
                reads += 1
                readInput(keep: true)
            case .reading:
                let step: RequestParser.Step
                do {
                    step = try parser.next()
                } catch {
                    fail(.malformedRequest(error), head: currentHead)
                    continue
                }
                switch step {
                case .needMoreData:
                    if inputPending {
                        guard reads < Self.readsPerTurn else { return retryLater() }
                        reads += 1
                        readInput(keep: true)
                        continue
                    }
                    // An incomplete request can never complete now.
                    if peerClosed { close(); return }
                    if draining && parser.isIdle { close(); return }
                    guard holdBodyBudget(parser.bodyByteCount) else { continue }
                    enterPhase(parser.isIdle ? .idle : parser.isReceivingHead ? .head : .body)
                    return
                case .head(let head, let framing):
                    beginRequest(head, framing)
                case .request(let request):
                    guard holdBodyBudget(request.body.count) else { continue }
                    context.releaseBodyBudget(reservedBodyBytes)
                    reservedBodyBytes = 0
                    dispatch(request)
                }
            }
        }
    }

    private func retryLater() {
        guard !waitingForRetry else { return }
        waitingForRetry = true
        loop.retryNextTurn(self)
    }

    /// One read into the loop's buffer. A read shorter than the buffer drained the socket: with
    /// edge-triggered epoll any later arrival is a new edge, and a FIN that came with this data
    /// was reported as EPOLLRDHUP, which makes us read on to the end of stream.
    private func readInput(keep: Bool) {
        let buffer = loop.readBuffer
        switch Socket.read(fd, into: buffer) {
        case .done(let n):
            if keep { parser.append(UnsafeRawBufferPointer(rebasing: buffer[0..<n])) }
            if n < buffer.count && !hangUpSeen { inputPending = false }
        case .endOfStream:
            peerClosed = true
            inputPending = false
        case .wouldBlock:
            inputPending = false
        case .failed:
            inputPending = false
            peerClosed = true
            close()
        }
    }

    private func beginRequest(_ head: HTTPRequestHead, _ framing: BodyFraming) {
        currentHead = head
        requestStarted = loop.now
        let resolution = context.router.resolve(head)
        self.resolution = resolution
        var limit = context.limits.maxBodyBytes
        if case .route(let route) = resolution, let routeLimit = route.bodyLimit { limit = routeLimit }
        do {
            try parser.beginBody(limit: limit)
        } catch {
            fail(.malformedRequest(error), head: head)
            return
        }
        // RFC 9110 §10.1.1: tell a waiting client to send the body, unless it already has.
        if framing != .none, head.versionMinor >= 1,
           head.headers.containsToken("100-continue", inField: "Expect"),
           parser.bufferedByteCount == 0 {
            outbound.append(contentsOf: ResponseWriter.continueResponse)
            flush(interim: true)
        }
    }

    /// The shared body budget counts the body bytes this connection actually holds, not the ones
    /// its head declares: reserving a declared Content-Length (or a chunked body's whole limit) up
    /// front let four connections that sent a head to /_emulator/events and then nothing hold the
    /// whole 256 MiB, so every other request with a body got 503 until their body timeout.
    private func holdBodyBudget(_ held: Int) -> Bool {
        guard held > reservedBodyBytes else { return true }
        guard context.reserveBodyBudget(held - reservedBodyBytes) else {
            fail(.overloaded, head: currentHead)
            return false
        }
        reservedBodyBytes = held
        return true
    }

    private func dispatch(_ request: HTTPRequest) {
        state = .handling
        enterPhase(.busy)
        let head = request.head
        switch resolution {
        case .route(let route):
            var handler = route.handler
            if let inline = route.inline {
                switch inline(request) {
                case .answered(let response):
                    // Answered inline: `advance` goes on with the next pipelined request when this returns.
                    deliver(response, for: head)
                    return
                case .handOff(let rest):
                    handler = rest
                }
            }
            let renderError = context.hooks.renderError
            // An idle keep-alive connection: nothing queued either way, nothing to decide about closing.
            let direct = parser.bufferedByteCount == 0 && !inputPending && outbound.isEmpty && !peerClosed && !hangUpSeen
                && !draining && !closeAfterWrite && head.wantsKeepAlive
            if direct {
                handoff.store(Handoff.armed, ordering: .releasing)
                handoffArmed = true
                // Finds the connection idle after a direct answer if no event does first.
                deadline = loop.now &+ UInt64(context.limits.idleTimeout * 1e9)
                if deadline < timerAt {
                    timerAt = deadline
                    loop.schedule(self, at: deadline)
                }
            }
            let started = requestStarted
            let responder = HTTPResponder(
                deliver: { [loop, self] response in
                    if direct && self.answerDirectly(response, for: head, started: started) { return }
                    loop.execute {
                        self.deliver(response, for: head)
                        self.advance()
                    }
                },
                fallback: { renderError(.handlerDidNotRespond, head) }
            )
            context.workers.submit { handler(request, responder) }
        case .methodNotAllowed(let allowed):
            // Answered inline: `advance` goes on with the next pipelined request when this returns.
            deliver(context.hooks.renderError(.methodNotAllowed(allowed: allowed), head), for: head)
        case .notFound, nil:
            deliver(context.hooks.renderError(.notFound, head), for: head)
        }
    }

    // MARK: - Direct answers (handler thread, then loop)

    /// On the handler's thread: writes the answer if the loop has not taken the connection back.
    /// Returns false when the answer must go through the mailbox instead.
    private func answerDirectly(_ response: HTTPResponse, for head: HTTPRequestHead, started: UInt64) -> Bool {
        guard handoff.compareExchange(expected: Handoff.armed, desired: Handoff.writing,
                                      ordering: .acquiringAndReleasing).exchanged else { return false }
        var bytes: [UInt8] = []
        ResponseWriter.serialize(response, omitBody: head.method == "HEAD", close: false,
                                 keepAliveHTTP10: head.versionMinor == 0, date: context.date(), into: &bytes)
        var offset = 0
        var failed = false
        send: while offset < bytes.count {
            let result = bytes.withUnsafeBytes { Socket.send(fd, UnsafeRawBufferPointer(rebasing: $0[offset...])) }
            switch result {
            case .done(let n): offset += n
            case .wouldBlock: break send
            case .endOfStream, .failed: failed = true; break send
            }
        }
        guard offset == bytes.count, !failed else {
            // A full socket or a gone client: the loop takes over what is left.
            let rest = Array(bytes[offset...])
            let gone = failed
            loop.execute { self.takeOver(rest, failed: gone, response: response) }
            return true
        }
        let now = EventLoop.monotonicNow()
        if let onExchange = context.hooks.onExchange {
            onExchange(HTTPExchangeRecord(method: head.method, path: head.path, status: response.status.code,
                                          responseHeaders: response.headers, attachment: response.attachment,
                                          durationSeconds: Double(now - started) / 1e9, remoteClosed: false))
        }
        directWrittenAt.store(now, ordering: .relaxed)
        if handoff.exchange(Handoff.written, ordering: .acquiringAndReleasing) == Handoff.writingWatched {
            loop.execute { self.directAnswerWritten() }
        }
        return true
    }

    /// Takes the connection back from a direct answer, or learns that it was written. False while
    /// the handler's thread is writing: it posts `directAnswerWritten` or `takeOver` when done.
    private func reclaim() -> Bool {
        guard handoffArmed else { return true }
        let (revoked, current) = handoff.compareExchange(expected: Handoff.armed, desired: Handoff.revoked,
                                                         ordering: .acquiringAndReleasing)
        if revoked {
            handoffArmed = false
            return true
        }
        switch current {
        case Handoff.writing:
            let watched = handoff.compareExchange(expected: Handoff.writing, desired: Handoff.writingWatched,
                                                  ordering: .acquiringAndReleasing).exchanged
            return watched ? false : reclaim()
        case Handoff.written:
            finishDirectAnswer()
            return true
        default:  // writingWatched
            return false
        }
    }

    /// After a direct answer was written in full: ready for the next request.
    private func finishDirectAnswer() {
        handoffArmed = false
        handoff.store(Handoff.none, ordering: .relaxed)
        currentHead = nil
        resolution = nil
        requestStarted = 0
        state = .reading
        deadline = .max
    }

    private func directAnswerWritten() {
        guard handoffArmed, handoff.load(ordering: .acquiring) == Handoff.written else { return }
        finishDirectAnswer()
        if closePending { close(); return }
        advance()
    }

    /// A direct answer found the socket full, or the client gone.
    private func takeOver(_ rest: [UInt8], failed: Bool, response: HTTPResponse) {
        handoffArmed = false
        handoff.store(Handoff.none, ordering: .relaxed)
        if failed || closePending {
            closePending = false
            close()
            return
        }
        responseStatus = response.status.code
        responseHeaders = response.headers
        responseAttachment = response.attachment
        outbound.append(contentsOf: rest)
        state = .writing
        flush(interim: false)
        advance()
    }

    // MARK: - Writing

    private func deliver(_ response: HTTPResponse, for head: HTTPRequestHead) {
        guard state == .handling else { return }
        let close = closeAfterWrite || draining || !head.wantsKeepAlive || (peerClosed && parser.bufferedByteCount == 0)
        closeAfterWrite = close
        responseStatus = response.status.code
        responseHeaders = response.headers
        responseAttachment = response.attachment
        ResponseWriter.serialize(response, omitBody: head.method == "HEAD", close: close,
                                 keepAliveHTTP10: head.versionMinor == 0 && !close, date: loop.date(), into: &outbound)
        state = .writing
        flush(interim: false)
    }

    /// Answers a request the core refuses, then closes: after a framing error nothing more on
    /// this connection can be trusted.
    private func fail(_ error: HTTPServerError, head: HTTPRequestHead?) {
        context.releaseBodyBudget(reservedBodyBytes)
        reservedBodyBytes = 0
        if requestStarted == 0 { requestStarted = loop.now }
        state = .handling
        closeAfterWrite = true
        currentHead = head
        deliver(context.hooks.renderError(error, head), for: head ?? Self.placeholderHead)
    }

    private static let placeholderHead = HTTPRequestHead(
        method: "GET", target: "/", path: "/", query: [], versionMajor: 1, versionMinor: 1, headers: HTTPHeaders())

    /// Sends what is queued; when the socket is full, the edge-triggered EPOLLOUT calls again.
    private func flush(interim: Bool) {
        guard state != .closed else { return }
        while outboundOffset < outbound.count {
            let result = outbound.withUnsafeBytes { bytes in
                Socket.send(fd, UnsafeRawBufferPointer(rebasing: bytes[outboundOffset...]))
            }
            switch result {
            case .done(let n):
                outboundOffset += n
            case .wouldBlock:
                // Counted from the first blocked write, not renewed by each trickle of progress:
                // a client reading a byte at a time cannot hold the connection.
                if !writeBlocked {
                    writeBlocked = true
                    if !interim { setDeadline(after: context.limits.writeTimeout) }
                }
                return
            case .endOfStream, .failed:
                close()  // EPIPE, ECONNRESET: the client is gone.
                return
            }
        }
        // A small buffer is kept for the next answer; a large one (a 49 KB batch) is not held by an
        // idle keep-alive connection: 256 of them held 16 MB more.
        outbound.removeAll(keepingCapacity: outbound.capacity <= 16 * 1024)
        outboundOffset = 0
        writeBlocked = false
        if state == .writing { exchangeCompleted() }
    }

    private func exchangeCompleted() {
        if let head = currentHead, let onExchange = context.hooks.onExchange {
            let elapsed = Double(EventLoop.monotonicNow() - requestStarted) / 1e9
            onExchange(HTTPExchangeRecord(method: head.method, path: head.path, status: responseStatus,
                                          responseHeaders: responseHeaders, attachment: responseAttachment,
                                          durationSeconds: elapsed, remoteClosed: peerClosed))
        }
        currentHead = nil
        resolution = nil
        responseAttachment = nil
        requestStarted = 0
        if closeAfterWrite {
            linger()
        } else {
            state = .reading
        }
    }

    /// Half-close and discard input for a moment before closing, so a client still sending
    /// (a refused body, say) reads our answer instead of a reset (RFC 9112 §9.6).
    private func linger() {
        state = .lingering
        Socket.shutdownWrite(fd)
        if peerClosed { close(); return }
        setDeadline(after: 2)
    }

    // MARK: - Timeouts

    private func enterPhase(_ next: Phase) {
        // Staying idle keeps the deadline: stray empty lines between requests (which the parser
        // skips) must not hold a connection open forever. Only the first entry sets it.
        guard next != phase || deadline == .max else { return }
        phase = next
        switch next {
        case .idle: setDeadline(after: context.limits.idleTimeout)
        case .head: setDeadline(after: context.limits.headerTimeout)
        case .body: setDeadline(after: context.limits.bodyTimeout)
        case .busy: deadline = .max
        }
    }

    private func setDeadline(after seconds: Double) {
        deadline = loop.now &+ UInt64(seconds * 1e9)
        // A later deadline is found when the queued entry comes due; only an earlier one is pushed.
        if deadline < timerAt {
            timerAt = deadline
            loop.schedule(self, at: deadline)
        }
    }

    /// A heap entry of this connection came due.
    func timerDue(_ entry: UInt64) {
        guard entry == timerAt else { return }  // superseded by an earlier entry
        timerAt = .max
        if handoffArmed {
            let writtenAt = directWrittenAt.load(ordering: .relaxed)
            guard reclaim() else { return }  // being written: the writer reports back
            if state == .reading {
                // Written directly while no event came: idle since then.
                phase = .idle
                deadline = writtenAt &+ UInt64(context.limits.idleTimeout * 1e9)
            } else {
                deadline = .max  // the handler still runs; its answer comes through the mailbox
            }
        }
        guard state != .closed, deadline != .max else { return }
        if loop.now < deadline {
            timerAt = deadline
            loop.schedule(self, at: deadline)
            return
        }
        deadline = .max
        switch state {
        case .reading:
            if phase == .idle {
                close()
            } else {
                fail(.requestTimeout, head: phase == .body ? currentHead : nil)
            }
        case .writing, .lingering:
            close()
        case .handling, .closed:
            break
        }
        advance()
    }

    // MARK: - Closing

    func close() {
        guard state != .closed else { return }
        // Never close a descriptor a handler's thread is writing to: the number could be reused.
        guard reclaim() else {
            closePending = true
            return
        }
        state = .closed
        context.releaseBodyBudget(reservedBodyBytes)
        reservedBodyBytes = 0
        Socket.close(fd)
        // A closed connection may wait in the timer heap for a while: keep it small meanwhile.
        parser = RequestParser(limits: context.limits)
        outbound = []
        loop.connectionClosed(self, fd: fd)
    }
}
