import Support

/// One sending event (docs/data-and-events.md, "Events"). The timestamp is kept in epoch milliseconds (UTC).
public struct Event: Sendable, Equatable {
    public var type: EventType
    public var timestampMillis: Int64
    public var emailIdentity: String
    public var configurationSet: String?
    public var isp: String
    public var messageId: String?
    public var eventId: String?
    public var recipientCount: Int64
    public var mailboxSimulator: Bool
    public var suppressionList: Bool
    public var openTracking: Bool
    public var clickTracking: Bool
    /// The tenant the message was sent for, if any (`[A-Za-z0-9_-]+`).
    public var tenantName: String?

    public init(type: EventType, timestampMillis: Int64, emailIdentity: String, configurationSet: String? = nil,
                isp: String, messageId: String? = nil, eventId: String? = nil, recipientCount: Int64 = 1,
                mailboxSimulator: Bool = false, suppressionList: Bool = false,
                openTracking: Bool = false, clickTracking: Bool = false, tenantName: String? = nil) {
        self.type = type
        self.timestampMillis = timestampMillis
        self.emailIdentity = emailIdentity
        self.configurationSet = configurationSet
        self.isp = isp
        self.messageId = messageId
        self.eventId = eventId
        self.recipientCount = recipientCount
        self.mailboxSimulator = mailboxSimulator
        self.suppressionList = suppressionList
        self.openTracking = openTracking
        self.clickTracking = clickTracking
        self.tenantName = tenantName
    }

    /// The UTC midnight (epoch seconds) of the event's day.
    public var day: Int64 { UTCCalendar.dayStart(ofMillis: timestampMillis) }

    /// The same event `days` later (earlier if negative); used to move seed data to today.
    public func shifted(byDays days: Int64) -> Event {
        var e = self
        e.timestampMillis += days * UTCCalendar.millisPerDay
        return e
    }

    /// Whether every metric ignores this event (mailbox simulator or several recipients).
    public var isExcludedFromAllMetrics: Bool { mailboxSimulator || recipientCount > 1 }

    /// The first rule this event breaks, as (field, reason), or nil when it may be stored.
    /// The decoder checks the same rules with line numbers; this guards events built in code.
    public func validationProblem(catalog: ISPCatalog) -> (field: String, reason: String)? {
        if timestampMillis < UTCCalendar.minMillis || timestampMillis > UTCCalendar.maxMillis {
            return ("timestamp", "must be within years 1970-9999")
        }
        if let r = Event.identifierProblem(emailIdentity) { return ("emailIdentity", r) }
        if let c = configurationSet, let r = Event.identifierProblem(c) { return ("configurationSet", r) }
        if !catalog.contains(isp) { return ("isp", "unknown ISP \"\(isp)\" (not in the ISP catalog)") }
        if let m = messageId, m.isEmpty { return ("messageId", "must not be empty") }
        if let id = eventId, id.isEmpty { return ("eventId", "must not be empty") }
        if recipientCount < 1 { return ("recipientCount", "must be at least 1") }
        if let t = tenantName, let r = Event.tenantProblem(t) { return ("tenant", r) }
        return nil
    }

    /// Tenant names as SES accepts them in a TENANT_NAME dimension.
    static func tenantProblem(_ s: String) -> String? {
        if s.isEmpty { return "must not be empty" }
        return DimensionFilter.isWellFormedName(s) ? nil : "only ASCII letters, digits, '_' and '-' are allowed"
    }

    /// `*` means "all" in queries, and the empty string means "none" in rollups.
    static func identifierProblem(_ s: String) -> String? {
        if s.isEmpty { return "must not be empty" }
        if s == "*" { return "\"*\" is reserved (it means all values in queries)" }
        return nil
    }
}
