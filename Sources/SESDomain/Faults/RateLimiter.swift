@preconcurrency import Dispatch
import Synchronization

/// AWS's BatchGetMetricData quotas: calls per second and queries per second, as token buckets per
/// access key id holding one second's worth, full at start and refilled continuously. Unsigned
/// requests share one bucket.
public struct RateLimit: Sendable, Equatable {
    public var callsPerSecond: Double
    public var queriesPerSecond: Double

    public init(callsPerSecond: Double, queriesPerSecond: Double) {
        self.callsPerSecond = callsPerSecond
        self.queriesPerSecond = queriesPerSecond
    }

    /// AWS's documented limits: 16 calls/s and 160 queries/s.
    public static let aws = RateLimit(callsPerSecond: 16, queriesPerSecond: 160)

    /// `off` → nil, `CALLS:QUERIES` → a limit (both positive numbers).
    public static func parse(_ text: String) -> RateLimit?? {
        if text == "off" { return .some(nil) }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let calls = Double(parts[0]), let queries = Double(parts[1]),
              calls > 0, queries > 0, calls.isFinite, queries.isFinite else { return nil }
        return .some(RateLimit(callsPerSecond: calls, queriesPerSecond: queries))
    }
}

package final class RateLimiter: Sendable {
    private struct Buckets {
        var calls: Double
        var queries: Double
        var refilledAt: UInt64
    }

    package let limit: RateLimit
    private let buckets = Mutex<[String: Buckets]>([:])

    package init(limit: RateLimit) { self.limit = limit }

    /// Takes one call and `queries` queries from the caller's buckets, or nothing if either is short.
    package func admit(accessKeyID: String?, queries: Int) -> Bool {
        let now = DispatchTime.now().uptimeNanoseconds
        return buckets.withLock { all in
            let key = accessKeyID ?? ""
            var b = all[key] ?? Buckets(calls: limit.callsPerSecond, queries: limit.queriesPerSecond, refilledAt: now)
            let elapsed = Double(now &- b.refilledAt) / 1e9
            b.calls = min(limit.callsPerSecond, b.calls + elapsed * limit.callsPerSecond)
            b.queries = min(limit.queriesPerSecond, b.queries + elapsed * limit.queriesPerSecond)
            b.refilledAt = now
            let admitted = b.calls >= 1 && b.queries >= Double(queries)
            if admitted {
                b.calls -= 1
                b.queries -= Double(queries)
            }
            all[key] = b
            return admitted
        }
    }

    /// Every bucket full again.
    package func clear() {
        buckets.withLock { $0.removeAll() }
    }
}
