import AWSModel
import JSON
import MetricsStore
import SESWire

/// Contact lists with their topics, and their contacts' subscriptions, as SES's list management
/// keeps them. SES allows one contact list per account and twenty topics per list. A contact is
/// stored under `<list>\n<address in lower case>`, so a list's contacts are one key range and go
/// with it in one transaction.
package struct ContactLists: Sendable {
    package let lists: ResourceCollection
    private let contacts: ResourceCollection
    package static let listLimit = 1
    package static let topicLimit = 20

    package init(store: MetricsStore) {
        lists = ResourceCollection(store: store, kind: .contactList)
        contacts = ResourceCollection(store: store, kind: .contact)
    }

    /// The checked `Topics` of a Create/UpdateContactList input, as stored.
    package static func topics(_ value: ModelValue?) throws(AWSError) -> JSONFragment {
        let topics = value?.list ?? []
        guard topics.count <= topicLimit else { throw .limitExceeded("A contact list can have at most \(topicLimit) topics.") }
        var names = Set<String>()
        for topic in topics {
            let name = topic["TopicName"]?.string ?? ""
            guard DimensionFilter.isWellFormedName(name), name.count <= 64 else {
                throw .badRequest("Invalid topic name \(name): only alphanumeric ASCII characters, '_', and '-' are allowed (at most 64).")
            }
            guard names.insert(name).inserted else { throw .badRequest("Topic \(name) is given more than once.") }
        }
        return value.map { ModelWire.sesv2.stored($0, as: "Topics") } ?? .array([])
    }

    package static func checkName(_ name: String) throws(AWSError) -> String {
        guard DimensionFilter.isWellFormedName(name), name.count <= 64 else {
            throw .badRequest("Invalid contact list name \(name): only alphanumeric ASCII characters, '_', and '-' are allowed (at most 64).")
        }
        return name
    }

    package func createList(_ name: String, members: [(String, JSONFragment)], atMillis now: Int64) throws(AWSError) {
        if try lists.find(name) != nil { throw lists.alreadyExists(name) }
        guard try lists.all().count < Self.listLimit else {
            throw .limitExceeded("An account can have at most \(Self.listLimit) contact list.")
        }
        try lists.create(name: name, members: members + [("LastUpdatedTimestamp", Self.seconds(now))], atMillis: now)
    }

    /// Deletes the list and its contacts together.
    package func deleteList(_ name: String) throws(AWSError) {
        let key = lists.kind.key(name)
        guard try AWSError.fromStore({ try lists.store.deleteResource(kind: lists.kind.rawValue, key: key,
                                                                      dependents: (contacts.kind.rawValue, key + "\n")) }) else {
            throw lists.notFound(name)
        }
    }

    /// The list's topics: name and default subscription status, in the list's order.
    package static func topics(of list: Resource) -> [(name: String, defaultStatus: String)] {
        guard case .array(let items)? = list["Topics"] else { return [] }
        return items.compactMap { item in
            guard case .object(let o) = item, case .string(let name)? = o["TopicName"] else { return nil }
            if case .string(let status)? = o["DefaultSubscriptionStatus"] { return (name, status) }
            return (name, "OPT_OUT")
        }
    }

    /// Topic preferences naming only the list's topics, as stored.
    package static func preferences(_ value: ModelValue?, in list: Resource) throws(AWSError) -> JSONFragment {
        let known = Set(topics(of: list).map(\.name))
        for preference in value?.list ?? [] {
            let name = preference["TopicName"]?.string ?? ""
            guard known.contains(name) else { throw topicNotFound(name, in: list.name) }
        }
        return value.map { ModelWire.sesv2.stored($0, as: "TopicPreferenceList") } ?? .array([])
    }

    package static func topicNotFound(_ topic: String, in list: String) -> AWSError {
        .notFound("Topic \(topic) does not exist in contact list \(list).")
    }

    private func key(_ list: Resource, _ address: String) -> String { lists.kind.key(list.name) + "\n" + address.lowercased() }

    /// The write that puts a contact (replacing one with its address), for an import's transaction.
    package func put(in list: Resource, address: String, members: [(String, JSONFragment)], atMillis now: Int64) -> ResourcePut {
        let document = JSONFragment.object([("ContactListName", .string(list.name)), ("EmailAddress", .string(address))]
                                           + members + [("LastUpdatedTimestamp", Self.seconds(now))])
        return ResourcePut(kind: contacts.kind.rawValue, StoredResource(key: key(list, address), createdMillis: now,
                                                                        document: String(decoding: document.bytes, as: UTF8.self)))
    }

    /// The store keys of the list's contacts with these addresses, for deleting them together.
    package func keys(in list: Resource, addresses: [String]) -> (kind: String, keys: [String]) {
        (contacts.kind.rawValue, addresses.map { key(list, $0) })
    }

    package func createContact(in list: Resource, address: String, members: [(String, JSONFragment)], atMillis now: Int64) throws(AWSError) {
        let document = JSONFragment.object([("ContactListName", .string(list.name)), ("EmailAddress", .string(address))]
                                           + members + [("LastUpdatedTimestamp", Self.seconds(now))])
        let stored = StoredResource(key: key(list, address), createdMillis: now, document: String(decoding: document.bytes, as: UTF8.self))
        guard try AWSError.fromStore({ try contacts.store.insertResource(kind: contacts.kind.rawValue, stored) }) else {
            throw .alreadyExists("Contact \(address) already exists in contact list \(list.name).")
        }
    }

    package func contact(in list: Resource, address: String) throws(AWSError) -> Resource? {
        try contacts.find(key(list, address))
    }

    package func getContact(in list: Resource, address: String) throws(AWSError) -> Resource {
        guard let contact = try contact(in: list, address: address) else { throw Self.contactNotFound(address, in: list.name) }
        return contact
    }

    package func modifyContact(in list: Resource, address: String, atMillis now: Int64,
                               _ change: [(String, JSONFragment)]) throws(AWSError) {
        do {
            try contacts.modify(key(list, address)) { _ in change + [("LastUpdatedTimestamp", Self.seconds(now))] }
        } catch .notFound {
            throw Self.contactNotFound(address, in: list.name)
        }
    }

    package func deleteContact(in list: Resource, address: String) throws(AWSError) {
        do { try contacts.delete(key(list, address)) } catch .notFound { throw Self.contactNotFound(address, in: list.name) }
    }

    /// The list's contacts, by address.
    package func contacts(of list: Resource) throws(AWSError) -> [Resource] {
        let prefix = lists.kind.key(list.name) + "\n"
        return try AWSError.fromStore { try contacts.store.resources(kind: contacts.kind.rawValue, keyPrefix: prefix) }
            .map { ResourceCollection.resource($0, kind: .contact) }
    }

    package static func contactNotFound(_ address: String, in list: String) -> AWSError {
        .notFound("Contact \(address) does not exist in contact list \(list).")
    }

    /// The contact's own preference for a topic, nil when it noted none.
    package static func ownStatus(of contact: Resource, topic: String) -> String? {
        guard case .array(let preferences)? = contact["TopicPreferences"] else { return nil }
        for case .object(let p) in preferences {
            if case .string(topic)? = p["TopicName"], case .string(let status)? = p["SubscriptionStatus"] { return status }
        }
        return nil
    }

    /// The contact's status for a topic: its own preference, else the topic's default.
    package static func status(of contact: Resource, topic: String, in list: Resource) -> String? {
        ownStatus(of: contact, topic: topic) ?? topics(of: list).first { $0.name == topic }?.defaultStatus
    }

    /// Whether mail sent with this list (and topic) may not go to the contact: unsubscribed from
    /// all, or opted out of the topic. An address that is no contact of the list gets the mail.
    package func isUnsubscribed(_ address: String, list: Resource, topic: String?) throws(AWSError) -> Bool {
        guard let contact = try contact(in: list, address: address) else { return false }
        if case .bool(true)? = contact["UnsubscribeAll"] { return true }
        guard let topic else { return false }
        return Self.status(of: contact, topic: topic, in: list) == "OPT_OUT"
    }

    /// The topic defaults GetContact and ListContacts report beside the contact's own preferences.
    package static func defaultPreferences(_ list: Resource) -> JSONFragment {
        .array(topics(of: list).map { .object([("TopicName", .string($0.name)), ("SubscriptionStatus", .string($0.defaultStatus))]) })
    }

    package static func seconds(_ millis: Int64) -> JSONFragment { .double(Double(millis) / 1000) }
}
