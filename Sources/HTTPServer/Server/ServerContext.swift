import Glibc
import Synchronization

/// What every connection of one server shares: configuration, router, hooks, the worker pool,
/// the body-byte budget and the registry of open connections.
final class ServerContext: Sendable {
    let limits: HTTPLimits
    let router: Router
    let hooks: HTTPServerHooks
    let workers: WorkerPool
    private let bufferedBodyBytes = Atomic<Int>(0)
    private let nextConnectionID = Atomic<UInt64>(1)
    private let connections = Mutex<[UInt64: Connection]>([:])
    private let onEmpty = Mutex<(@Sendable () -> Void)?>(nil)
    private let dateCache = Mutex<(second: Int, text: String)>((-1, ""))

    init(limits: HTTPLimits, router: Router, hooks: HTTPServerHooks, workers: WorkerPool) {
        self.limits = limits
        self.router = router
        self.hooks = hooks
        self.workers = workers
    }

    func reserveBodyBudget(_ bytes: Int) -> Bool {
        let after = bufferedBodyBytes.add(bytes, ordering: .relaxed).newValue
        if after > limits.maxBufferedBodyBytes {
            bufferedBodyBytes.subtract(bytes, ordering: .relaxed)
            return false
        }
        return true
    }

    func releaseBodyBudget(_ bytes: Int) {
        if bytes > 0 { bufferedBodyBytes.subtract(bytes, ordering: .relaxed) }
    }

    /// Makes and registers a connection with a fresh id unless the cap is reached.
    func register(_ make: (UInt64) -> Connection) -> Connection? {
        connections.withLock { all in
            guard all.count < limits.maxConnections else { return nil }
            let connection = make(nextConnectionID.add(1, ordering: .relaxed).oldValue)
            all[connection.id] = connection
            return connection
        }
    }

    func connectionClosed(_ connection: Connection) {
        let callback: (@Sendable () -> Void)? = connections.withLock { all in
            all[connection.id] = nil
            return all.isEmpty ? onEmpty.withLock { $0 } : nil
        }
        callback?()
    }

    /// The IMF-fixdate of the current second, for answers written by handler threads.
    func date() -> String {
        let second = time(nil)
        return dateCache.withLock { cache in
            if cache.second != second { cache = (second, HTTPDate.format(epochSeconds: second)) }
            return cache.text
        }
    }

    var connectionCount: Int { connections.withLock { $0.count } }

    /// Calls `callback` once no connection is open (now, if none is).
    func whenEmpty(_ callback: @escaping @Sendable () -> Void) {
        let emptyNow = connections.withLock { all in
            onEmpty.withLock { $0 = callback }
            return all.isEmpty
        }
        if emptyNow { callback() }
    }
}
