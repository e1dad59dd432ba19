import MetricsStore

/// What happens to a delivered-or-not message after its SEND, as outcome rules name it. Each
/// implies the events it needs: a complaint, an open or a click needs a delivery first, and a
/// click an open.
package enum MessageOutcome: String, Sendable, CaseIterable {
    case DELIVERY, PERMANENT_BOUNCE, TRANSIENT_BOUNCE, COMPLAINT, OPEN, CLICK

    package var eventTypes: [EventType] {
        switch self {
        case .DELIVERY: return [.DELIVERY]
        case .PERMANENT_BOUNCE: return [.PERMANENT_BOUNCE]
        case .TRANSIENT_BOUNCE: return [.TRANSIENT_BOUNCE]
        case .COMPLAINT: return [.DELIVERY, .COMPLAINT]
        case .OPEN: return [.DELIVERY, .OPEN]
        case .CLICK: return [.DELIVERY, .OPEN, .CLICK]
        }
    }
}
