/// SES's mailbox simulator (developer guide, "Using the mailbox simulator"): fixed outcomes for
/// addresses at `simulator.amazonses.com`, `+label` forms included. As at AWS, its mail counts in
/// no metric; the events are stored (marked `mailboxSimulator`) so a test can inspect them.
package enum MailboxSimulator {
    package static let domain = "simulator.amazonses.com"

    package struct Script: Sendable, Equatable {
        package let outcome: MessageOutcome
        /// The bounce is the one the suppression list causes.
        package let suppressionList: Bool
    }

    /// The scripted outcome of mail to `address`, or nil for any other address.
    package static func script(for address: EmailAddress) -> Script? {
        guard address.domain == domain else { return nil }
        let local = address.address.prefix { $0 != "@" }
        let mailbox = local.prefix { $0 != "+" }.lowercased()
        switch mailbox {
        case "success", "ooto": return Script(outcome: .DELIVERY, suppressionList: false)
        case "bounce": return Script(outcome: .PERMANENT_BOUNCE, suppressionList: false)
        case "complaint": return Script(outcome: .COMPLAINT, suppressionList: false)
        case "suppressionlist": return Script(outcome: .PERMANENT_BOUNCE, suppressionList: true)
        default: return nil
        }
    }
}
