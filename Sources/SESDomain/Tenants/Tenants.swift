import AWSModel
import JSON
import MetricsStore
import SESWire

/// SES tenants: named, with an id and ARN, a sending status, and the identities, configuration
/// sets and templates associated with them. A tenant is also a reputation entity (its ARN is the
/// entity reference) whose customer-managed status can pause its sending. An association is stored
/// under `<tenant>\n<resource ARN>`, so a tenant's associations go with it in one transaction.
package struct Tenants: Sendable {
    package let tenants: ResourceCollection
    private let associations: ResourceCollection
    package let resources: ResourcesByARN
    /// The account every ARN names: LocalStack's default, as the docs' examples use it.
    package static let accountId = "000000000000"

    package init(store: MetricsStore, resources: ResourcesByARN) {
        tenants = ResourceCollection(store: store, kind: .tenant)
        associations = ResourceCollection(store: store, kind: .tenantResource)
        self.resources = resources
    }

    /// The ARN types a tenant can be associated with, and the ResourceType they list as.
    package static let resourceTypes = ["identity": "EMAIL_IDENTITY", "configuration-set": "CONFIGURATION_SET", "template": "EMAIL_TEMPLATE"]

    package static func checkName(_ name: String) throws(AWSError) -> String {
        guard DimensionFilter.isWellFormedName(name), name.count <= 64 else {
            throw .badRequest("Invalid tenant name \(name): only alphanumeric ASCII characters, '_', and '-' are allowed (at most 64).")
        }
        return name
    }

    /// A new tenant's document: its id (`tn-` and 24 hex digits), ARN in the caller's region, status.
    package func create(_ name: String, region: String, tags: JSONFragment, suppression: JSONFragment?, atMillis now: Int64) throws(AWSError) -> Resource {
        var rng = SystemRandomNumberGenerator()
        let id = "tn-" + (0..<3).map { _ in String(UInt32.random(in: 0...UInt32.max, using: &rng), radix: 16) }
            .map { String(repeating: "0", count: 8 - $0.count) + $0 }.joined()
        var members: [(String, JSONFragment)] = [
            ("TenantId", .string(id)),
            ("TenantArn", .string("arn:aws:ses:\(region):\(Self.accountId):tenant/\(name)/\(id)")),
            ("CreatedTimestamp", .double(Double(now) / 1000)),
            ("Tags", tags), ("SendingStatus", .string("ENABLED")),
        ]
        if let suppression { members.append(("SuppressionAttributes", suppression)) }
        try tenants.create(name: name, members: members, atMillis: now)
        return try tenants.get(name)
    }

    package func delete(_ name: String) throws(AWSError) {
        let key = tenants.kind.key(name)
        guard try AWSError.fromStore({ try tenants.store.deleteResource(kind: tenants.kind.rawValue, key: key,
                                                                        dependents: (associations.kind.rawValue, key + "\n")) }) else {
            throw tenants.notFound(name)
        }
    }

    private static func key(_ tenant: Resource, _ arn: String) -> String { tenant.name + "\n" + arn }

    /// Associates an existing identity, configuration set or template (by ARN) with the tenant.
    package func associate(_ tenant: Resource, arn: String, atMillis now: Int64) throws(AWSError) {
        let (type, _) = try resources.resolve(arn)
        guard let resourceType = Self.resourceTypes[type] else {
            throw .badRequest("Only email identities, configuration sets and templates can be associated with a tenant, not \(arn).")
        }
        let document = JSONFragment.object([("ResourceArn", .string(arn)), ("ResourceType", .string(resourceType)),
                                            ("AssociatedTimestamp", .double(Double(now) / 1000))])
        let stored = StoredResource(key: Self.key(tenant, arn), createdMillis: now, document: String(decoding: document.bytes, as: UTF8.self))
        guard try AWSError.fromStore({ try associations.store.insertResource(kind: associations.kind.rawValue, stored) }) else {
            throw .alreadyExists("Resource \(arn) is already associated with tenant \(tenant.name).")
        }
    }

    package func dissociate(_ tenant: Resource, arn: String) throws(AWSError) {
        do { try associations.delete(Self.key(tenant, arn)) } catch .notFound {
            throw .notFound("Resource \(arn) is not associated with tenant \(tenant.name).")
        }
    }

    /// The tenant's associations, by ARN.
    package func associations(of tenant: Resource) throws(AWSError) -> [Resource] {
        try AWSError.fromStore { try associations.store.resources(kind: associations.kind.rawValue, keyPrefix: tenant.name + "\n") }
            .map { ResourceCollection.resource($0, kind: .tenantResource) }
    }

    /// Every tenant a resource is associated with, with when.
    package func tenants(of arn: String) throws(AWSError) -> [(tenant: Resource, associatedAt: JSONValue?)] {
        var out: [(Resource, JSONValue?)] = []
        for tenant in try tenants.all() {
            if let association = try associations.find(Self.key(tenant, arn)) { out.append((tenant, association["AssociatedTimestamp"])) }
        }
        return out
    }

    /// The resources of one type (identity, configuration-set, template) associated with the
    /// tenant, by name in lower case for identities.
    package func associatedNames(_ tenant: Resource, type: String) throws(AWSError) -> Set<String> {
        var names = Set<String>()
        for association in try associations(of: tenant) {
            guard case .string(let arn)? = association["ResourceArn"],
                  let rest = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false).last,
                  rest.hasPrefix(type + "/") else { continue }
            let name = String(rest.dropFirst(type.count + 1))
            names.insert(type == "identity" ? name.lowercased() : name)
        }
        return names
    }

    /// The reputation entity a tenant is: its statuses and the aggregate.
    package static func entity(_ tenant: Resource) -> JSONFragment {
        let customer = status(tenant, "CustomerManagedStatus"), ses = status(tenant, "AwsSesManagedStatus")
        let aggregate = [customer, ses].contains("DISABLED") ? "DISABLED" : "ENABLED"
        var members: [(String, JSONFragment)] = [
            ("ReputationEntityReference", .json(tenant["TenantArn"] ?? .string(""))),
            ("ReputationEntityType", .string("RESOURCE")),
            ("CustomerManagedStatus", record(tenant, "CustomerManagedStatus")),
            ("AwsSesManagedStatus", record(tenant, "AwsSesManagedStatus")),
            ("SendingStatusAggregate", .string(aggregate)),
            ("ReputationImpact", .string("LOW")),
        ]
        if let policy = tenant["ReputationManagementPolicy"] { members.append(("ReputationManagementPolicy", .json(policy))) }
        return .object(members)
    }

    private static func record(_ tenant: Resource, _ member: String) -> JSONFragment {
        if let stored = tenant[member] { return .json(stored) }
        return .object([("Status", .string("ENABLED")), ("LastUpdatedTimestamp", .double(Double(tenant.createdMillis) / 1000))])
    }

    package static func status(_ tenant: Resource, _ member: String) -> String {
        tenant.string(at: [member, "Status"]) ?? "ENABLED"
    }

    /// The tenant whose ARN is the entity reference.
    package func byReference(_ reference: String) throws(AWSError) -> Resource {
        guard let tenant = try tenants.all().first(where: { $0.string(at: ["TenantArn"]) == reference }) else {
            throw .notFound("Reputation entity \(reference) does not exist.")
        }
        return tenant
    }
}
