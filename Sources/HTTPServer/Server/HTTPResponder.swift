import Synchronization

/// The handle a handler answers through, exactly once, from any thread. A responder dropped
/// without an answer sends 500, so a buggy handler cannot leave a client waiting forever.
public final class HTTPResponder: Sendable {
    private let deliver: @Sendable (HTTPResponse) -> Void
    private let answered = Atomic<Bool>(false)
    private let fallback: @Sendable () -> HTTPResponse

    init(deliver: @escaping @Sendable (HTTPResponse) -> Void, fallback: @escaping @Sendable () -> HTTPResponse) {
        self.deliver = deliver
        self.fallback = fallback
    }

    public func respond(_ response: HTTPResponse) {
        guard !answered.exchange(true, ordering: .acquiringAndReleasing) else { return }
        deliver(response)
    }

    deinit {
        if !answered.load(ordering: .acquiring) { deliver(fallback()) }
    }
}
