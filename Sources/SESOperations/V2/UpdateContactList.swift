import AWSModel
import JSON
import SESDomain
import SESWire

/// `PUT /v2/email/contact-lists/{ContactListName}`: the topics and description given replace
/// the list's; a member left out keeps its value. Contacts' preferences for a topic removed stay
/// stored and no longer matter.
package struct UpdateContactList: ModelOperation {
    package static let name = "UpdateContactList"

    package let contactLists: ContactLists

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        var change: [(String, JSONFragment)] = []
        if input["Topics"] != nil { change.append(("Topics", try ContactLists.topics(input["Topics"]))) }
        if let description = input["Description"]?.string { change.append(("Description", .string(description))) }
        change.append(("LastUpdatedTimestamp", ContactLists.seconds(exchange.startedEpochMillis)))
        try contactLists.lists.modify(input["ContactListName"]?.string ?? "") { _ in change }
        return .empty
    }

    package init(contactLists: ContactLists) { self.contactLists = contactLists }
}
