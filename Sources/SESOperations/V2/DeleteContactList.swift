import SESDomain
import SESWire

/// `DELETE /v2/email/contact-lists/{ContactListName}`: the list and its contacts.
package struct DeleteContactList: RemovalOperation {
    package static let name = "DeleteContactList"
    package static let nameMember = "ContactListName"

    package let contactLists: ContactLists

    package init(contactLists: ContactLists) { self.contactLists = contactLists }

    package func remove(_ name: String) throws(AWSError) { try contactLists.deleteList(name) }
}
