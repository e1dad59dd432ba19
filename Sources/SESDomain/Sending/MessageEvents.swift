import MetricsStore

/// The events one sent message becomes: its SEND, then the outcome's events a few seconds later
/// on the same clock; opens and clicks only where they are tracked; for a recipient on the
/// suppression list (`suppressed`), the bounce the list causes. EventIds are
/// `<MessageId>-<n>`, so storing them twice stores them once.
package enum MessageEvents {
    /// Seconds after the send at which each kind of event happens.
    package static func offsetMillis(_ type: EventType) -> Int64 {
        switch type {
        case .SEND: return 0
        case .DELIVERY, .PERMANENT_BOUNCE, .TRANSIENT_BOUNCE: return 2_000
        case .COMPLAINT: return 4_000
        case .OPEN: return 6_000
        case .CLICK: return 8_000
        }
    }

    package static func make(messageId: String, sentMillis: Int64, context: SendContext, isp: String, recipientCount: Int,
                     outcome: MessageOutcome, simulator: MailboxSimulator.Script?, suppressed: Bool = false) -> [Event] {
        let types: [EventType] = [.SEND] + outcome.eventTypes.filter { type in
            switch type {
            case .OPEN: return context.opensTracked
            case .CLICK: return context.clicksTracked
            default: return true
            }
        }
        return types.enumerated().map { i, type in
            Event(type: type, timestampMillis: sentMillis + offsetMillis(type), emailIdentity: context.identity,
                  configurationSet: context.configurationSet, isp: isp, messageId: messageId, eventId: "\(messageId)-\(i)",
                  recipientCount: Int64(recipientCount), mailboxSimulator: simulator != nil,
                  suppressionList: type == .PERMANENT_BOUNCE && (suppressed || simulator?.suppressionList == true),
                  openTracking: type == .DELIVERY && context.opensTracked,
                  clickTracking: type == .DELIVERY && context.clicksTracked,
                  tenantName: context.tenant)
        }
    }
}
