import MetricsStore
import SESWire

/// A state `POST /_emulator/reset` returns to how the emulator started. The store is emptied and
/// every owner's stored part written back in one transaction (`resetStored`); the in-memory parts
/// change only after it commits (`resetInMemory`), so a reset that fails changes nothing.
package protocol ResettableState: Sendable {
    /// What the owner writes back into the emptied store, inside the reset's transaction.
    func resetStored(in store: StoreReset) throws
    /// The owner's memory as at start, after the transaction committed.
    func resetInMemory()
}

extension ResettableState {
    package func resetStored(in store: StoreReset) throws {}
}

extension MetricsStore {
    /// Empties the store and runs every owner's reset as above; returns the events deleted and
    /// the events written back (the seed).
    package func reset(_ owners: [any ResettableState]) throws(AWSError) -> (deleted: Int, stored: Int) {
        let result = try AWSError.fromStore { try reset { store in for owner in owners { try owner.resetStored(in: store) } } }
        for owner in owners { owner.resetInMemory() }
        releaseMemory()
        return result
    }
}

extension OutcomeRules: ResettableState {
    package func resetInMemory() { replace(startup) }
}

extension FaultInjector: ResettableState {
    package func resetInMemory() { replace(startup) }
}

extension RateLimiter: ResettableState {
    package func resetInMemory() { clear() }
}

extension Recommendations: ResettableState {
    package func resetInMemory() { removeAll() }
}
