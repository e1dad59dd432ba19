import SESWire

/// What `PutAccountDetails` told about the account (`AccountDetails`), with the review AWS would
/// open; the emulator grants it at once.
package struct AccountDetails: Sendable, Equatable {
    package var mailType: String
    package var websiteURL: String
    package var contactLanguage: String?
    package var useCaseDescription: String?
    package var additionalContactEmailAddresses: [String]?
    package var reviewStatus = "GRANTED"
    package var caseId: String

    /// Reads the members of `PutAccountDetails` from `body` against the model (`path`: the Coral path
    /// of `body`, empty for a request's top level); nil when a constraint failed.
    package static func read(_ body: RequestBody, at path: String, caseId: String, into v: inout ValidationViolations) throws(AWSError) -> AccountDetails? {
        let prefix = path.isEmpty ? "" : path + "."
        let mailType = try body.string("MailType")
        let website = try body.string("WebsiteURL")
        let language = try body.string("ContactLanguage")
        let useCase = try body.string("UseCaseDescription")
        let contacts = try body.strings("AdditionalContactEmailAddresses")
        let before = v.items.count
        v.required(mailType, at: prefix + "mailType")
        v.enumValue(mailType, at: prefix + "mailType", ModelEnums.mailType)
        v.required(website, at: prefix + "websiteURL")
        v.length(website, at: prefix + "websiteURL", 1...1000)
        v.enumValue(language, at: prefix + "contactLanguage", ModelEnums.contactLanguage)
        v.length(useCase, at: prefix + "useCaseDescription", 0...5000)
        if let contacts {
            if contacts.isEmpty {
                v.add(at: prefix + "additionalContactEmailAddresses", "Member must have length greater than or equal to 1")
            } else if contacts.count > 4 {
                v.add(at: prefix + "additionalContactEmailAddresses", "Member must have length less than or equal to 4")
            }
            for (i, address) in contacts.enumerated() {
                let at = prefix + "additionalContactEmailAddresses.\(i + 1).member"
                v.length(address, at: at, 6...254)
                if !Self.looksLikeAnAddress(address) {
                    v.add(at: at, "Member must satisfy regular expression pattern: ^(.+)@(.+)$")
                }
            }
        }
        guard v.items.count == before, let mailType, let website else { return nil }
        return AccountDetails(mailType: mailType, websiteURL: website, contactLanguage: language, useCaseDescription: useCase,
                              additionalContactEmailAddresses: contacts, caseId: caseId)
    }

    /// `^(.+)@(.+)$`: an `@` with something on both sides (`.` matches no line terminator).
    private static func looksLikeAnAddress(_ s: String) -> Bool {
        guard !s.contains(where: \.isNewline), let at = s.lastIndex(of: "@") else { return false }
        return s.startIndex < at && s.index(after: at) < s.endIndex
    }

    package var fragment: JSONFragment {
        var members: [(String, JSONFragment)] = [("MailType", .string(mailType)), ("WebsiteURL", .string(websiteURL))]
        if let contactLanguage { members.append(("ContactLanguage", .string(contactLanguage))) }
        if let useCaseDescription { members.append(("UseCaseDescription", .string(useCaseDescription))) }
        if let additionalContactEmailAddresses {
            members.append(("AdditionalContactEmailAddresses", .array(additionalContactEmailAddresses.map { .string($0) })))
        }
        members.append(("ReviewDetails", .object([("Status", .string(reviewStatus)), ("CaseId", .string(caseId))])))
        return .object(members)
    }
}
