/// A mailbox as SendEmail names it: `a@example.com` or `Name <a@example.com>`.
package struct EmailAddress: Sendable, Equatable {
    /// The addr-spec, as written.
    package let address: String
    /// The part after the last `@`, lowercased (domains are case-insensitive).
    package let domain: String

    /// nil for anything without a non-empty local part and domain.
    package init?(_ text: String) {
        var spec = Substring(text)
        if let open = text.lastIndex(of: "<"), let close = text.lastIndex(of: ">"), open < close {
            spec = text[text.index(after: open)..<close]
        }
        spec = spec.drop { $0 == " " || $0 == "\t" }
        while let last = spec.last, last == " " || last == "\t" { spec = spec.dropLast() }
        guard let at = spec.lastIndex(of: "@") else { return nil }
        let local = spec[..<at], domain = spec[spec.index(after: at)...]
        guard !local.isEmpty, !domain.isEmpty,
              !spec.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" || $0 == "," }) else { return nil }
        address = String(spec)
        self.domain = domain.lowercased()
    }
}
