import AWSModel
import SESDomain
import SESWire

/// `DELETE /v2/email/contact-lists/{ContactListName}/contacts/{EmailAddress}`.
package struct DeleteContact: ModelOperation {
    package static let name = "DeleteContact"

    package let contactLists: ContactLists

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        let list = try contactLists.lists.get(input["ContactListName"]?.string ?? "")
        try contactLists.deleteContact(in: list, address: input["EmailAddress"]?.string ?? "")
        return .empty
    }

    package init(contactLists: ContactLists) { self.contactLists = contactLists }
}
