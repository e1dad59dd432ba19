import JSON
import MetricsStore
import SESWire

/// The account-level suppression list: addresses put there by PutSuppressedDestination or by a
/// send's hard bounce or complaint, for the reasons the account (or the send's configuration set)
/// names. A send to a listed address is accepted and bounces as AWS bounces it
/// (`OnAccountSuppressionList`, counted in no bounce metric).
package struct SuppressionList: Sendable {
    package let entries: ResourceCollection

    package init(store: MetricsStore) { entries = ResourceCollection(store: store, kind: .suppressedDestination) }

    /// One entry's document: the members of SuppressedDestination.
    package static func document(address: String, reason: String, atMillis time: Int64,
                                 messageId: String? = nil, feedbackId: String? = nil) -> [(String, JSONFragment)] {
        var members: [(String, JSONFragment)] = [("Reason", .string(reason)), ("LastUpdateTime", .double(Double(time) / 1000))]
        var attributes: [(String, JSONFragment)] = []
        if let messageId { attributes.append(("MessageId", .string(messageId))) }
        if let feedbackId { attributes.append(("FeedbackId", .string(feedbackId))) }
        if !attributes.isEmpty { members.append(("Attributes", .object(attributes))) }
        return members
    }

    /// Adds the address, or replaces its entry (PutSuppressedDestination).
    package func put(_ address: String, reason: String, atMillis now: Int64) throws(AWSError) {
        let put = Self.put(address, reason: reason, atMillis: now)
        try AWSError.fromStore { try entries.store.putResource(put) }
    }

    /// The write that lists `address`, for a send's transaction.
    package static func put(_ address: String, reason: String, atMillis time: Int64,
                            messageId: String? = nil, feedbackId: String? = nil) -> ResourcePut {
        let members = [(ResourceKind.suppressedDestination.nameMember, JSONFragment.string(address))]
            + document(address: address, reason: reason, atMillis: time, messageId: messageId, feedbackId: feedbackId)
        return ResourcePut(kind: ResourceKind.suppressedDestination.rawValue,
                           StoredResource(key: ResourceKind.suppressedDestination.key(address), createdMillis: time,
                                          document: String(decoding: JSONFragment.object(members).bytes, as: UTF8.self)))
    }

    package func contains(_ address: String) throws(AWSError) -> Bool { try entries.find(address) != nil }

    package func get(_ address: String) throws(AWSError) -> Resource {
        guard let entry = try entries.find(address) else { throw Self.notFound(address) }
        return entry
    }

    package func delete(_ address: String) throws(AWSError) {
        guard try contains(address) else { throw Self.notFound(address) }
        try entries.delete(address)
    }

    package static func notFound(_ address: String) -> AWSError {
        .notFound("Email address \(address) does not exist on your suppression list.")
    }

    /// The reasons that put addresses on the list for a send through `set`: the set's
    /// `SuppressionOptions.SuppressedReasons` when it gives them (an empty list: none), else the account's.
    package static func reasons(set: Resource?, account: AccountSettings) -> Set<String> {
        if case .object(let options)? = set?["SuppressionOptions"], case .array(let reasons)? = options["SuppressedReasons"] {
            return Set(reasons.compactMap { if case .string(let s) = $0 { return s }; return nil })
        }
        return Set(account.suppression.suppressedReasons)
    }

    /// When the entry was last put, in seconds.
    package static func lastUpdate(_ entry: Resource) -> Double {
        if case .number(let n)? = entry["LastUpdateTime"] { return n.doubleValue }
        return 0
    }

    /// A tenant's own list needs the tenant; tenants are not kept yet, so any name is unknown.
    package static func checkTenant(_ name: String?) throws(AWSError) {
        if let name { throw .notFound("Tenant \(name) does not exist.") }
    }
}
