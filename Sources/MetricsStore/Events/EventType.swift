/// The kinds of sending events the emulator stores (docs/data-and-events.md, "Events").
public enum EventType: String, CaseIterable, Sendable {
    case SEND, DELIVERY, PERMANENT_BOUNCE, TRANSIENT_BOUNCE, COMPLAINT, OPEN, CLICK

    /// OPEN and CLICK count once per message (the first one ingested).
    public var isUniquePerMessage: Bool { self == .OPEN || self == .CLICK }
}
