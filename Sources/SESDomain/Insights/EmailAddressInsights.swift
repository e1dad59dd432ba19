import JSON
import SESWire

/// GetEmailAddressInsights without a network: the verdicts come from the address itself. Syntax
/// as SES takes addresses; the domain's DNS and the mailbox cannot be checked here, so they are
/// HIGH for a well-formed address at a domain with a dot and LOW otherwise, and the mailbox
/// simulator's and `.invalid`/`.test`-style reserved domains (RFC 2606) answer as their names say.
package enum EmailAddressInsights {
    static let roles: Set<String> = ["admin", "administrator", "info", "support", "sales", "contact", "help", "noreply",
                                     "no-reply", "postmaster", "abuse", "webmaster", "billing", "marketing", "office", "team"]
    static let disposable: Set<String> = ["mailinator.com", "guerrillamail.com", "10minutemail.com", "tempmail.com",
                                          "trashmail.com", "yopmail.com", "sharklasers.com", "getnada.com"]
    static let reserved = ["invalid", "test", "example", "localhost"]

    package static func document(_ address: String) -> JSONFragment {
        let parsed = EmailAddress(address)
        let domain = parsed?.domain ?? ""
        let local = parsed.map { String($0.address.prefix { $0 != "@" }).lowercased() } ?? ""
        let syntax = parsed != nil
        let tld = domain.split(separator: ".").last.map(String.init) ?? ""
        let dns = syntax && domain.contains(".") && !reserved.contains(tld)
        let simulatorBounce = domain == MailboxSimulator.domain && local.hasPrefix("bounce")
        let exists = dns && !simulatorBounce
        let role = roles.contains(local.split(separator: "+").first.map(String.init) ?? local)
        let throwaway = disposable.contains(domain)
        let random = local.count >= 16 && local.allSatisfy { $0.isLetter || $0.isNumber } && Set(local).count > 12
        func verdict(_ good: Bool) -> JSONFragment { .object([("ConfidenceVerdict", .string(good ? "HIGH" : "LOW"))]) }
        return .object([("MailboxValidation", .object([
            ("IsValid", verdict(syntax && dns && exists && !throwaway)),
            ("Evaluations", .object([
                ("HasValidSyntax", verdict(syntax)), ("HasValidDnsRecords", verdict(dns)), ("MailboxExists", verdict(exists)),
                ("IsRoleAddress", verdict(role)), ("IsDisposable", verdict(throwaway)), ("IsRandomInput", verdict(random)),
            ])),
        ]))])
    }
}
