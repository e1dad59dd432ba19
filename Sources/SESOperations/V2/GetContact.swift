import AWSModel
import JSON
import SESDomain
import SESWire

/// `GET /v2/email/contact-lists/{ContactListName}/contacts/{EmailAddress}`: the contact's own
/// preferences and, in TopicDefaultPreferences, the list's topic defaults.
package struct GetContact: ModelOperation {
    package static let name = "GetContact"

    package let contactLists: ContactLists

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        let list = try contactLists.lists.get(input["ContactListName"]?.string ?? "")
        let contact = try contactLists.getContact(in: list, address: input["EmailAddress"]?.string ?? "")
        let document = contact.document.members.map { ($0.key, JSONFragment.json($0.value)) }
            + [("TopicDefaultPreferences", ContactLists.defaultPreferences(list)),
               ("CreatedTimestamp", ContactLists.seconds(contact.createdMillis))]
        return Self.wire.value(.object(document), as: "GetContactResponse")
    }

    package init(contactLists: ContactLists) { self.contactLists = contactLists }
}
