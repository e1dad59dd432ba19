/// What a send call asks of every message it sends: the sender and the request's
/// `ConfigurationSetName` and `TenantName`.
package struct SendOptions: Sendable {
    package let from: EmailAddress
    package let configurationSetName: String?
    package let tenant: String?
    /// SendEmail's `ListManagementOptions`: the contact list and topic.
    package var listManagement: (list: String, topic: String?)? = nil

    package init(from: EmailAddress, configurationSetName: String?, tenant: String?) {
        self.from = from
        self.configurationSetName = configurationSetName
        self.tenant = tenant
    }
}

/// What every message of one send call shares, decided once by `MailSender.prepare`.
package struct SendContext: Sendable {
    /// The verified identity the mail goes out under (what EMAIL_IDENTITY filters on).
    package let identity: String
    package let configurationSet: String?
    package let tenant: String?
    /// Whether opens and clicks are tracked: VDM engagement metrics on for the set (or the
    /// account), or an enabled event destination of the set takes OPEN (CLICK) events.
    package let opensTracked: Bool
    package let clicksTracked: Bool
    /// Which outcomes put the recipient on the suppression list: `BOUNCE` (hard bounces), `COMPLAINT`.
    package let suppressedReasons: Set<String>
    /// A created tenant's associated templates, which a templated send must name one of.
    package var tenantTemplates: Set<String>? = nil
    /// The contact list (and topic) whose unsubscribed contacts get no mail.
    package var listManagement: (list: Resource, topic: String?)? = nil
    /// The caller's region, for the inspection endpoint and AWS's messages.
    package let region: String
}
