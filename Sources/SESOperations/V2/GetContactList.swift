import AWSModel
import JSON
import SESDomain
import SESWire

/// `GET /v2/email/contact-lists/{ContactListName}`.
package struct GetContactList: ModelOperation {
    package static let name = "GetContactList"

    package let contactLists: ContactLists

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        let list = try contactLists.lists.get(input["ContactListName"]?.string ?? "")
        let document = list.document.members.map { ($0.key, JSONFragment.json($0.value)) }
            + [("CreatedTimestamp", ContactLists.seconds(list.createdMillis))]
        return Self.wire.value(.object(document), as: "GetContactListResponse")
    }

    package init(contactLists: ContactLists) { self.contactLists = contactLists }
}
