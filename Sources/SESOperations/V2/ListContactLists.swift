import AWSModel
import JSON
import SESDomain
import SESWire

/// `GET /v2/email/contact-lists`: by name, `{ContactListName, LastUpdatedTimestamp}` each.
package struct ListContactLists: ResourceListOperation {
    package static let name = "ListContactLists"
    package static let member = "ContactLists"

    package let contactLists: ContactLists

    package func resources() throws(AWSError) -> [Resource] { try contactLists.lists.all() }

    package func summary(_ list: Resource) -> ModelValue { ModelWire.sesv2.value(.json(.object(list.document)), as: "ContactList") }

    package init(contactLists: ContactLists) { self.contactLists = contactLists }
}
