import AWSModel
import JSON
import SESDomain
import SESWire

/// `POST /v2/email/contact-lists/{ContactListName}/contacts/list`: by address. `Filter`:
/// `FilteredStatus` with a `TopicFilter` keeps contacts whose status for the topic is that (their
/// own preference; with `UseDefaultIfPreferenceUnavailable`, else the topic's default); without a
/// topic, contacts with any topic in that status (OPT_OUT also takes UnsubscribeAll). PageSize
/// 1–1000, default 100.
package struct ListContacts: ModelOperation {
    package static let name = "ListContacts"

    package let contactLists: ContactLists

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        let list = try contactLists.lists.get(input["ContactListName"]?.string ?? "")
        let filter = input["Filter"]
        let status = filter?["FilteredStatus"]?.string
        let topic = filter?["TopicFilter"]?["TopicName"]?.string
        let useDefault = filter?["TopicFilter"]?["UseDefaultIfPreferenceUnavailable"]?.boolean ?? false
        let topics = ContactLists.topics(of: list)
        if let topic, !topics.contains(where: { $0.name == topic }) { throw ContactLists.topicNotFound(topic, in: list.name) }
        let contacts = try contactLists.contacts(of: list).filter { contact in
            guard let status else { return true }
            if let topic {
                let own = ContactLists.ownStatus(of: contact, topic: topic)
                return (own ?? (useDefault ? ContactLists.status(of: contact, topic: topic, in: list) : nil)) == status
            }
            if status == "OPT_OUT", case .bool(true)? = contact["UnsubscribeAll"] { return true }
            return topics.contains { ContactLists.status(of: contact, topic: $0.name, in: list) == status }
        }
        let defaults = ContactLists.defaultPreferences(list)
        return try PagedList.answer(input, contacts, member: "Contacts", key: { $0.name.lowercased() }) { contact in
            Self.wire.value(.object(contact.document.members.map { ($0.key, JSONFragment.json($0.value)) }
                                    + [("TopicDefaultPreferences", defaults)]), as: "Contact")
        }
    }

    package init(contactLists: ContactLists) { self.contactLists = contactLists }
}
