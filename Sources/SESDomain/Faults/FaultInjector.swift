import HTTPServer
import MetricsStore
import SESWire
import SigV4
import Support
import Synchronization

/// The fault configuration in force, its seeded generator and the rules' fire counts. The same
/// configuration and the same request sequence give the same faults, run after run.
public final class FaultInjector: Sendable {
    private struct State {
        var configuration: FaultConfiguration
        var random: Xoshiro256
        var queryFired: [Int64]
        var requestFired: [Int64]

        init(_ configuration: FaultConfiguration) {
            self.configuration = configuration
            random = Xoshiro256(seed: UInt64(bitPattern: configuration.seed))
            queryFired = Array(repeating: 0, count: configuration.queryFaults.count)
            requestFired = Array(repeating: 0, count: configuration.requestFaults.count)
        }
    }

    public let startup: FaultConfiguration
    private let state: Mutex<State>
    /// Mirrors the configuration's emptiness, so a request without faults configured takes no lock.
    private let hasQueryFaults: Atomic<Bool>
    private let hasRequestFaults: Atomic<Bool>
    private let latency: Atomic<Int64>

    public init(startup: FaultConfiguration) {
        self.startup = startup
        state = Mutex(State(startup))
        hasQueryFaults = Atomic(!startup.queryFaults.isEmpty)
        hasRequestFaults = Atomic(!startup.requestFaults.isEmpty)
        latency = Atomic(startup.latencyMs)
    }

    public var configuration: FaultConfiguration { state.withLock { $0.configuration } }

    public var latencyMs: Int64 { latency.load(ordering: .relaxed) }

    /// Whether any query fault is configured (which one fires is decided per query).
    package var injectsQueryFaults: Bool { hasQueryFaults.load(ordering: .relaxed) }

    /// Any write reseeds the generator and zeroes the `limit` counters.
    public func replace(_ configuration: FaultConfiguration) {
        _ = update { $0 = configuration }
    }

    public func update(_ change: (inout FaultConfiguration) -> Void) -> FaultConfiguration {
        state.withLock { s in
            var c = s.configuration
            change(&c)
            s = State(c)
            hasQueryFaults.store(!c.queryFaults.isEmpty, ordering: .relaxed)
            hasRequestFaults.store(!c.requestFaults.isEmpty, ordering: .relaxed)
            latency.store(c.latencyMs, ordering: .relaxed)
            return c
        }
    }

    /// The error replacing a whole SES request, if a request fault fires for it.
    package func requestFault(operation: String, scope: SigV4Scope?) -> AWSError? {
        guard hasRequestFaults.load(ordering: .relaxed) else { return nil }
        return state.withLock { s -> AWSError? in
            for (i, rule) in s.configuration.requestFaults.enumerated() {
                guard Self.matches(rule, operation: operation, scope: scope) else { continue }
                if let limit = rule.limit, s.requestFired[i] >= limit { continue }
                guard s.random.fires(probability: rule.probability) else { continue }
                s.requestFired[i] += 1
                return AWSError(fault: rule.error)
            }
            return nil
        }
    }

    /// For each query, the (code, message) replacing its result, or nil; first matching rule wins.
    package func queryFaults(_ queries: [ValidatedQuery], scope: SigV4Scope?) -> [(code: String, message: String)?] {
        guard hasQueryFaults.load(ordering: .relaxed) else { return Array(repeating: nil, count: queries.count) }
        return state.withLock { s in
            queries.map { query in
                for (i, rule) in s.configuration.queryFaults.enumerated() {
                    guard Self.matches(rule.match, query: query, scope: scope) else { continue }
                    if let limit = rule.limit, s.queryFired[i] >= limit { continue }
                    guard s.random.fires(probability: rule.probability) else { continue }
                    s.queryFired[i] += 1
                    return (rule.code.rawValue, rule.message ?? rule.code.defaultMessage)
                }
                return nil
            }
        }
    }

    package static func matches(_ rule: FaultConfiguration.RequestFault, operation: String, scope: SigV4Scope?) -> Bool {
        if let service = rule.service, service != "sesv2" && service != "ses" { return false }
        if let op = rule.operation, op != operation { return false }
        if let key = rule.match.accessKeyId, key != scope?.accessKeyID { return false }
        if let region = rule.match.region, region != scope?.region { return false }
        return true
    }

    /// A dimension field matches a query filtering on that value or not filtering it at all,
    /// since such a query reads that value too.
    package static func matches(_ match: FaultConfiguration.QueryMatch, query: ValidatedQuery, scope: SigV4Scope?) -> Bool {
        if let pattern = match.queryId, !Glob.matches(pattern, query.id) { return false }
        if let metric = match.metric, metric != query.query.metric { return false }
        let filter = query.query.dimensions
        if let v = match.emailIdentity, let f = filter.emailIdentity, f != v { return false }
        if let v = match.configurationSet, let f = filter.configurationSet, f != v { return false }
        if let v = match.isp, let f = filter.isp, f != v { return false }
        if let key = match.accessKeyId, key != scope?.accessKeyID { return false }
        return true
    }
}
