import AWSModel
import JSON
import SESDomain
import SESWire

/// `POST /v2/email/contact-lists`: one list an account (SES's quota), at most 20 topics.
package struct CreateContactList: ModelOperation {
    package static let name = "CreateContactList"

    package let contactLists: ContactLists

    package func violations(_ value: ModelValue) -> [String] { Tags.violations(value["Tags"]) }

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        let name = try ContactLists.checkName(input["ContactListName"]?.string ?? "")
        var members: [(String, JSONFragment)] = [("Topics", try ContactLists.topics(input["Topics"]))]
        if let description = input["Description"]?.string { members.append(("Description", .string(description))) }
        members.append(("Tags", Tags.stored(input["Tags"])))
        try contactLists.createList(name, members: members, atMillis: exchange.startedEpochMillis)
        return .empty
    }

    package init(contactLists: ContactLists) { self.contactLists = contactLists }
}
