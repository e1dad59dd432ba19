/// VDM's metrics, in AWS's enum order (botocore's sesv2 model, `Metric`).
public enum Metric: String, CaseIterable, Sendable {
    case SEND, COMPLAINT, PERMANENT_BOUNCE, TRANSIENT_BOUNCE, OPEN, CLICK, DELIVERY, DELIVERY_OPEN, DELIVERY_CLICK, DELIVERY_COMPLAINT

    /// Position in allCases (a switch: cheaper than a lookup on the ingest path).
    var ordinal: UInt8 {
        switch self {
        case .SEND: 0
        case .COMPLAINT: 1
        case .PERMANENT_BOUNCE: 2
        case .TRANSIENT_BOUNCE: 3
        case .OPEN: 4
        case .CLICK: 5
        case .DELIVERY: 6
        case .DELIVERY_OPEN: 7
        case .DELIVERY_CLICK: 8
        case .DELIVERY_COMPLAINT: 9
        }
    }

    /// Metrics kept in rollups. DELIVERY_COMPLAINT is not: it is DELIVERY summed over the ISPs
    /// that have a feedback loop in the catalog in use at query time.
    static let stored: [Metric] = [.SEND, .COMPLAINT, .PERMANENT_BOUNCE, .TRANSIENT_BOUNCE, .OPEN, .CLICK, .DELIVERY, .DELIVERY_OPEN, .DELIVERY_CLICK]

    /// A counted event adds 1 to exactly one of these (DELIVERY_OPEN and DELIVERY_CLICK count
    /// deliveries a second time, DELIVERY_COMPLAINT a third): summed, they count events.
    static let oncePerEvent: [Metric] = [.SEND, .COMPLAINT, .PERMANENT_BOUNCE, .TRANSIENT_BOUNCE, .OPEN, .CLICK, .DELIVERY]

    /// The metrics one event adds 1 to (docs/data-and-events.md, "Metric semantics"). `countsAsFirstEngagement`
    /// says whether an OPEN/CLICK is the first one ingested for its message (always true without
    /// a messageId).
    static func counted(for e: Event, countsAsFirstEngagement: Bool) -> (Metric?, Metric?, Metric?) {
        if e.isExcludedFromAllMetrics { return (nil, nil, nil) }
        switch e.type {
        case .SEND: return (.SEND, nil, nil)
        case .DELIVERY:
            return (.DELIVERY, e.openTracking ? .DELIVERY_OPEN : nil, e.clickTracking ? .DELIVERY_CLICK : nil)
        case .PERMANENT_BOUNCE: return (e.suppressionList ? nil : .PERMANENT_BOUNCE, nil, nil)
        case .TRANSIENT_BOUNCE: return (.TRANSIENT_BOUNCE, nil, nil)
        case .COMPLAINT: return (e.suppressionList ? nil : .COMPLAINT, nil, nil)
        case .OPEN: return (countsAsFirstEngagement ? .OPEN : nil, nil, nil)
        case .CLICK: return (countsAsFirstEngagement ? .CLICK : nil, nil, nil)
        }
    }
}
