/// What a send call asks of every message it sends: the sender and the request's
/// `ConfigurationSetName` and `TenantName`.
struct SendOptions: Sendable {
    let from: EmailAddress
    let configurationSetName: String?
    let tenant: String?
}

/// What every message of one send call shares, decided once by `MailSender.prepare`.
struct SendContext: Sendable {
    /// The verified identity the mail goes out under (what EMAIL_IDENTITY filters on).
    let identity: String
    let configurationSet: String?
    let tenant: String?
    /// Whether deliveries carry open and click tracking (VDM engagement metrics on).
    let engagementTracked: Bool
    /// The caller's region, for the inspection endpoint and AWS's messages.
    let region: String
}
