import JSON
import MetricsStore
import SESWire
import Synchronization

/// The account's dedicated IP addresses: an inventory given at start (`--dedicated-ips`) or
/// through the control API, each address's pool and warm-up kept in the store. An address no call
/// has changed is in SES's default pool, warmed up.
package final class DedicatedIps: Sendable {
    package static let defaultPool = "ses-default-dedicated-pool"

    package let startup: [String]
    private let inventory: Mutex<[String]>
    private let addresses: ResourceCollection
    package let pools: ResourceCollection

    package init(store: MetricsStore, pools: ResourceCollection, startup: [String]) {
        self.startup = startup
        inventory = Mutex(startup)
        addresses = ResourceCollection(store: store, kind: .dedicatedIp)
        self.pools = pools
    }

    /// A dotted-quad IPv4 address, as SES's dedicated IPs are.
    package static func isAddress(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { part in
            !part.isEmpty && part.count <= 3 && part.allSatisfy(\.isNumber) && (Int(part) ?? 256) <= 255
                && !(part.count > 1 && part.hasPrefix("0"))
        }
    }

    package var all: [String] { inventory.withLock { $0 } }

    package func replace(_ ips: [String]) { inventory.withLock { $0 = ips } }

    /// The address as GetDedicatedIp answers it.
    package func ip(_ address: String) throws(AWSError) -> JSONObject {
        guard all.contains(address) else { throw .notFound("Dedicated IP \(address) does not exist.") }
        if let stored = try addresses.find(address) {
            // An address whose pool was deleted is back in the default pool.
            let pool = Self.pool(of: stored.document)
            guard pool != Self.defaultPool, try pools.find(pool) == nil else { return stored.document }
            return JSONObject(members: stored.document.members.map { $0.key == "PoolName" ? ($0.key, .string(Self.defaultPool)) : $0 })
        }
        return JSONObject(members: [("Ip", .string(address)), ("WarmupStatus", .string("DONE")),
                                    ("WarmupPercentage", .number(JSONNumber(text: "100"))), ("PoolName", .string(Self.defaultPool))])
    }

    /// Sets members of an address's entry, created from its defaults first.
    package func change(_ address: String, atMillis now: Int64, _ members: [(String, JSONFragment)]) throws(AWSError) {
        let current = try ip(address)
        if try addresses.find(address) == nil {
            do {
                try addresses.create(name: address, members: current.members.filter { $0.key != "Ip" }.map { ($0.key, .json($0.value)) },
                                     atMillis: now)
            } catch .alreadyExists {}
        }
        try addresses.modify(address) { _ in members }
    }

    package static func pool(of ip: JSONObject) -> String {
        if case .string(let s)? = ip["PoolName"] { return s }
        return defaultPool
    }
}

extension DedicatedIps: ResettableState {
    package func resetInMemory() { replace(startup) }
}
