import AWSModel
import JSON
import SESDomain
import SESWire

/// `POST /v2/email/contact-lists/{ContactListName}/contacts`: preferences only for the list's topics.
package struct CreateContact: ModelOperation {
    package static let name = "CreateContact"

    package let contactLists: ContactLists

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        let list = try contactLists.lists.get(input["ContactListName"]?.string ?? "")
        let address = try SendRequest.address(input["EmailAddress"]?.string ?? "").address
        var members: [(String, JSONFragment)] = [
            ("TopicPreferences", try ContactLists.preferences(input["TopicPreferences"], in: list)),
            ("UnsubscribeAll", .bool(input["UnsubscribeAll"]?.boolean ?? false)),
        ]
        if let data = input["AttributesData"]?.string { members.append(("AttributesData", .string(data))) }
        try contactLists.createContact(in: list, address: address, members: members, atMillis: exchange.startedEpochMillis)
        return .empty
    }

    package init(contactLists: ContactLists) { self.contactLists = contactLists }
}
