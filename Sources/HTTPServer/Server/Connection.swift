@preconcurrency import Dispatch
import Glibc

/// One client connection: read → parse → handler (on the worker pool) → write → next request.
///
/// All state lives on the connection's serial queue. Dispatch on Linux has sharp edges, so:
/// one read source for the connection's whole life (suspended for back-pressure, never re-created),
/// one write source resumed only while output is blocked, and the fd closed only after both
/// sources' cancel handlers ran.
final class Connection: @unchecked Sendable {
    private enum State { case reading, handling, writing, lingering, closed }
    private enum Phase { case idle, head, body, busy }

    let id: UInt64
    /// Marks a connection's queue, so code can tell whether it already runs on it.
    private static let queueKey = DispatchSpecificKey<UInt64>()
    private let fd: Int32
    private let context: ServerContext
    let queue: DispatchQueue
    private let readSource: DispatchSourceRead
    private let writeSource: DispatchSourceWrite
    private let timer: DispatchSourceTimer

    private var parser: RequestParser
    private var state = State.reading
    private var phase = Phase.idle
    private var readSuspended = false
    private var writeSuspended = true
    private var pendingCancels = 2
    private var peerClosed = false
    private var draining = false
    private var closeAfterWrite = false

    private var outbound: [UInt8] = []
    private var outboundOffset = 0

    private var currentHead: HTTPRequestHead?
    private var currentRoute: Route?
    private var reservedBodyBytes = 0
    private var requestStarted: UInt64 = 0
    private var responseStatus = 0
    private var responseHeaders = HTTPHeaders()
    private var responseAttachment: (any Sendable)?

    /// The `Date` value of the last response and its second: formatted once per second per
    /// connection rather than per response, with no lock shared between connections.
    private var dateSecond = -1
    private var dateText = ""

    private var deadline: UInt64 = .max
    private var timerFiresAt: UInt64 = .max

    /// Back-pressure: stop reading while this much unparsed input is queued behind a request.
    private var maxQueuedInput: Int { context.limits.maxHeaderBytes * 2 + 64 * 1024 }

    init(fd: Int32, id: UInt64, context: ServerContext) {
        self.fd = fd
        self.id = id
        self.context = context
        self.queue = DispatchQueue(label: "http.connection", target: context.ioQueue)
        queue.setSpecific(key: Connection.queueKey, value: id)
        self.parser = RequestParser(limits: context.limits)
        self.readSource = DispatchSource.makeReadSource(fileDescriptor: fd, queue: queue)
        self.writeSource = DispatchSource.makeWriteSource(fileDescriptor: fd, queue: queue)
        self.timer = DispatchSource.makeTimerSource(queue: queue)
    }

    func start() {
        readSource.setEventHandler { [unowned self] in self.readable() }
        writeSource.setEventHandler { [unowned self] in self.flush() }
        let cancelled: () -> Void = { [self] in
            self.pendingCancels -= 1
            if self.pendingCancels == 0 {
                Glibc.close(self.fd)
                self.context.connectionClosed(self)
            }
        }
        readSource.setCancelHandler(handler: cancelled)
        writeSource.setCancelHandler(handler: cancelled)
        timer.setEventHandler { [unowned self] in self.timerFired() }
        queue.async {
            self.enterPhase(.idle)
            self.timer.resume()
            self.readSource.resume()
        }
    }

    /// Graceful shutdown: close now if idle, else after the exchange in progress.
    func drain() {
        queue.async {
            self.draining = true
            if self.state == .reading && self.parser.isIdle { self.close() }
        }
    }

    /// Shutdown's grace period is over.
    func forceClose() {
        queue.async { self.close() }
    }

    // MARK: - Reading

    private func readable() {
        guard state != .closed else { return }
        var readFailed = false
        // Dispatch's read source on Linux fires once per edge: a short read does not mean the
        // socket is drained (a FIN or RST may wait behind the data and would never be reported),
        // so read until EAGAIN. Bounded per call, and continued by hand below.
        var drained = false
        withUnsafeTemporaryAllocation(byteCount: 16 * 1024, alignment: 1) { scratch in
            var reads = 0
            while reads < 64 {
                let n = Glibc.read(fd, scratch.baseAddress, scratch.count)
                if n > 0 {
                    reads += 1
                    if state != .lingering {
                        parser.append(UnsafeRawBufferPointer(rebasing: scratch[0..<n]))
                    }
                    if parser.bufferedByteCount > maxQueuedInput { return }
                } else if n == 0 {
                    peerClosed = true
                    drained = true
                    suspendReading()
                    return
                } else {
                    let code = errno
                    if code == EINTR { continue }
                    readFailed = code != EAGAIN && code != EWOULDBLOCK
                    drained = true
                    return
                }
            }
        }
        if readFailed { close(); return }
        if state == .lingering {
            if peerClosed { close() } else if !drained { queue.async { self.readable() } }
            return
        }
        // A client that half-closes after pipelining is still answered: `deliver` closes once
        // nothing is left buffered.
        if state == .reading { process() }
        guard !drained, state != .closed else { return }
        if parser.bufferedByteCount > maxQueuedInput && state != .reading {
            suspendReading()
        } else if !readSuspended {
            queue.async { self.readable() }
        }
    }

    private func suspendReading() {
        guard !readSuspended else { return }
        readSource.suspend()
        readSuspended = true
    }

    private func resumeReading() {
        guard readSuspended, !peerClosed, state != .closed else { return }
        readSuspended = false
        readSource.resume()
    }

    /// Parses what is buffered until a request is complete or more bytes are needed.
    private func process() {
        while state == .reading {
            let step: RequestParser.Step
            do {
                step = try parser.next()
            } catch {
                fail(.malformedRequest(error), head: currentHead)
                return
            }
            switch step {
            case .needMoreData:
                if peerClosed {
                    // An incomplete request can never complete now.
                    close()
                    return
                }
                if draining && parser.isIdle { close(); return }
                guard holdBodyBudget(parser.bodyByteCount) else { return }
                enterPhase(parser.isIdle ? .idle : parser.isReceivingHead ? .head : .body)
                resumeReading()
                return
            case .head(let head, let framing):
                guard beginRequest(head, framing) else { return }
            case .request(let request):
                guard holdBodyBudget(request.body.count) else { return }
                context.releaseBodyBudget(reservedBodyBytes)
                reservedBodyBytes = 0
                dispatch(request)
            }
        }
    }

    private func beginRequest(_ head: HTTPRequestHead, _ framing: BodyFraming) -> Bool {
        currentHead = head
        requestStarted = DispatchTime.now().uptimeNanoseconds
        switch context.router.resolve(head) {
        case .route(let route):
            currentRoute = route
        case .notFound, .methodNotAllowed:
            currentRoute = nil
        }
        let limit = currentRoute?.bodyLimit ?? context.limits.maxBodyBytes
        do {
            try parser.beginBody(limit: limit)
        } catch {
            fail(.malformedRequest(error), head: head)
            return false
        }
        // RFC 9110 §10.1.1: tell a waiting client to send the body, unless it already has.
        if framing != .none, head.versionMinor >= 1,
           head.headers.values("Expect").contains(where: { $0.lowercased() == "100-continue" }),
           parser.bufferedByteCount == 0 {
            outbound.append(contentsOf: ResponseWriter.continueResponse)
            flush(interim: true)
        }
        return true
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
        guard let route = currentRoute else {
            let error: HTTPServerError
            if case .methodNotAllowed(let allowed) = context.router.resolve(head) {
                error = .methodNotAllowed(allowed: allowed)
            } else {
                error = .notFound
            }
            // On a later turn of the queue, like a handler's answer: answering inline would recurse
            // (deliver → flush → process → dispatch) once per pipelined request, to a stack overflow.
            let response = context.hooks.renderError(error, head)
            queue.async { self.deliver(response, for: head) }
            return
        }
        let renderError = context.hooks.renderError
        let responder = HTTPResponder(
            deliver: { [self] response in
                // From a handler thread, run the write on this thread (sync runs the block on the
                // caller when the queue is free): one thread hand-off per request instead of two.
                // Never sync onto the queue from the queue itself.
                if DispatchQueue.getSpecific(key: Connection.queueKey) == self.id {
                    self.queue.async { self.deliver(response, for: head) }
                } else {
                    self.queue.sync { self.deliver(response, for: head) }
                }
            },
            fallback: { renderError(.handlerDidNotRespond, head) }
        )
        context.workers.submit { route.handler(request, responder) }
    }

    // MARK: - Writing

    private func deliver(_ response: HTTPResponse, for head: HTTPRequestHead) {
        guard state == .handling else { return }
        let close = closeAfterWrite || draining || !head.wantsKeepAlive || (peerClosed && parser.bufferedByteCount == 0)
        closeAfterWrite = close
        responseStatus = response.status.code
        responseHeaders = response.headers
        responseAttachment = response.attachment
        let second = time(nil)
        if second != dateSecond {
            dateSecond = second
            dateText = HTTPDate.format(epochSeconds: second)
        }
        outbound.append(contentsOf: ResponseWriter.serialize(
            response, omitBody: head.method == "HEAD", close: close,
            keepAliveHTTP10: head.versionMinor == 0 && !close, date: dateText))
        state = .writing
        flush()
    }

    /// Answers a request the core refuses, then closes: after a framing error nothing more on
    /// this connection can be trusted.
    private func fail(_ error: HTTPServerError, head: HTTPRequestHead?) {
        context.releaseBodyBudget(reservedBodyBytes)
        reservedBodyBytes = 0
        if requestStarted == 0 { requestStarted = DispatchTime.now().uptimeNanoseconds }
        state = .handling
        closeAfterWrite = true
        currentHead = head
        deliver(context.hooks.renderError(error, head), for: head ?? Self.placeholderHead)
    }

    private static let placeholderHead = HTTPRequestHead(
        method: "GET", target: "/", path: "/", query: [], versionMajor: 1, versionMinor: 1, headers: HTTPHeaders())

    private func flush() { flush(interim: false) }

    private func flush(interim: Bool) {
        guard state != .closed else { return }
        while outboundOffset < outbound.count {
            let n = outbound.withUnsafeBytes { p in
                Glibc.send(fd, p.baseAddress! + outboundOffset, p.count - outboundOffset, Int32(MSG_NOSIGNAL))
            }
            if n > 0 {
                outboundOffset += n
                continue
            }
            let code = errno
            if n < 0 && code == EINTR { continue }
            if n < 0 && (code == EAGAIN || code == EWOULDBLOCK) {
                if writeSuspended {
                    writeSuspended = false
                    writeSource.resume()
                    // Counted from the first blocked write, not renewed by each trickle of
                    // progress: a client reading a byte at a time cannot hold the connection.
                    if !interim { setDeadline(after: context.limits.writeTimeout) }
                }
                return
            }
            close()  // EPIPE, ECONNRESET: the client is gone.
            return
        }
        outbound.removeAll(keepingCapacity: outbound.capacity <= 64 * 1024)
        outboundOffset = 0
        if !writeSuspended {
            writeSource.suspend()
            writeSuspended = true
        }
        if state == .writing { exchangeCompleted() }
    }

    private func exchangeCompleted() {
        if let head = currentHead, let onExchange = context.hooks.onExchange {
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - requestStarted) / 1e9
            onExchange(HTTPExchangeRecord(method: head.method, path: head.path, status: responseStatus,
                                          responseHeaders: responseHeaders, attachment: responseAttachment,
                                          durationSeconds: elapsed, remoteClosed: peerClosed))
        }
        currentHead = nil
        currentRoute = nil
        responseAttachment = nil
        requestStarted = 0
        if closeAfterWrite {
            linger()
            return
        }
        state = .reading
        process()
    }

    /// Half-close and discard input for a moment before closing, so a client still sending
    /// (a refused body, say) reads our answer instead of a reset (RFC 9112 §9.6).
    private func linger() {
        state = .lingering
        Glibc.shutdown(fd, Int32(SHUT_WR))
        if peerClosed { close(); return }
        setDeadline(after: 2)
        if readSuspended {
            readSuspended = false
            readSource.resume()
        }
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
        let now = DispatchTime.now().uptimeNanoseconds
        deadline = now &+ UInt64(seconds * 1e9)
        // Reschedule only when the new deadline is earlier: a later one is handled when the timer fires.
        if deadline < timerFiresAt {
            timerFiresAt = deadline
            timer.schedule(deadline: DispatchTime(uptimeNanoseconds: deadline), leeway: .milliseconds(100))
        }
    }

    private func timerFired() {
        timerFiresAt = .max
        guard state != .closed, deadline != .max else { return }
        let now = DispatchTime.now().uptimeNanoseconds
        if now < deadline {
            timerFiresAt = deadline
            timer.schedule(deadline: DispatchTime(uptimeNanoseconds: deadline), leeway: .milliseconds(100))
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
    }

    // MARK: - Closing

    private func close() {
        guard state != .closed else { return }
        state = .closed
        context.releaseBodyBudget(reservedBodyBytes)
        reservedBodyBytes = 0
        timer.cancel()
        readSource.cancel()
        if readSuspended {
            readSuspended = false
            readSource.resume()
        }
        writeSource.cancel()
        if writeSuspended {
            writeSuspended = false
            writeSource.resume()
        }
    }
}
