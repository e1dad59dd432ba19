import MetricsStore
import SESWire
import Synchronization

/// The account's settings: read per request (the VDM gate on every BatchGetMetricData, GetAccount),
/// changed by the PutAccount* operations, kept in the store under one key so they survive
/// restarts. Until something changes them they are the defaults the options give (not stored:
/// a later start with other options still takes those).
package final class AccountState: ResettableState {
    package static let storeKey = "sesv2.account"

    private let store: MetricsStore
    private let current: Mutex<AccountSettings>
    /// What `/_emulator/reset` returns to: the settings as the emulator started, and whether the
    /// store held them then.
    private let startup: AccountSettings
    private let startupWasStored: Bool
    /// The gate's lock-free mirror of `current.vdm`.
    private let vdm: Atomic<Bool>

    package init(store: MetricsStore, defaults: AccountSettings) throws(AccountSettingsError) {
        self.store = store
        let stored: String?
        do {
            stored = try store.setting(Self.storeKey)
        } catch {
            throw AccountSettingsError(description: "cannot read the account settings: \(error)")
        }
        startup = try stored.map { text throws(AccountSettingsError) in try AccountSettings(storedText: text) } ?? defaults
        startupWasStored = stored != nil
        current = Mutex(startup)
        vdm = Atomic(startup.isVdmEnabled)
    }

    package var vdmEnabled: Bool { vdm.load(ordering: .relaxed) }

    package var settings: AccountSettings { current.withLock { $0 } }

    /// Applies `change`, stored before it is seen: a call that returned survives a crash.
    package func update(_ change: (inout AccountSettings) -> Void) throws(AWSError) {
        try current.withLock { (settings: inout AccountSettings) throws(AWSError) in
            var next = settings
            change(&next)
            try write(next, storing: true, into: &settings)
        }
    }

    /// Back to the settings the emulator started with: stored in the reset's transaction, then current.
    package func resetStored(in store: StoreReset) throws {
        try store.setSetting(Self.storeKey, startupWasStored ? startup.storedText : nil)
    }

    package func resetInMemory() {
        current.withLock { settings in
            settings = startup
            vdm.store(startup.isVdmEnabled, ordering: .relaxed)
        }
    }

    /// Stores `next` (or removes the stored settings), then makes it current; called under the lock.
    private func write(_ next: AccountSettings, storing: Bool, into settings: inout AccountSettings) throws(AWSError) {
        do {
            try store.setSetting(Self.storeKey, storing ? next.storedText : nil)
        } catch {
            throw .internalFailure("The metrics store failed to keep the account settings: \(error)")
        }
        settings = next
        vdm.store(next.isVdmEnabled, ordering: .relaxed)
    }
}
