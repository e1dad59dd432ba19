import Synchronization

/// The account's settings that gate operations (Virtual Deliverability Manager).
final class AccountState: Sendable {
    private let vdm: Atomic<Bool>

    init(vdmEnabled: Bool) {
        vdm = Atomic(vdmEnabled)
    }

    var vdmEnabled: Bool { vdm.load(ordering: .relaxed) }
}
