import AWSModel
import JSON
import SESDomain
import SESWire

/// `PUT /v2/email/contact-lists/{ContactListName}/contacts/{EmailAddress}`: the members given
/// replace the contact's; one left out keeps its value.
package struct UpdateContact: ModelOperation {
    package static let name = "UpdateContact"

    package let contactLists: ContactLists

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        let list = try contactLists.lists.get(input["ContactListName"]?.string ?? "")
        var change: [(String, JSONFragment)] = []
        if input["TopicPreferences"] != nil {
            change.append(("TopicPreferences", try ContactLists.preferences(input["TopicPreferences"], in: list)))
        }
        if let all = input["UnsubscribeAll"]?.boolean { change.append(("UnsubscribeAll", .bool(all))) }
        if let data = input["AttributesData"]?.string { change.append(("AttributesData", .string(data))) }
        try contactLists.modifyContact(in: list, address: input["EmailAddress"]?.string ?? "", atMillis: exchange.startedEpochMillis, change)
        return .empty
    }

    package init(contactLists: ContactLists) { self.contactLists = contactLists }
}
