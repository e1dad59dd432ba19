import AWSModel
import JSON
import SESDomain
import SESWire

/// `POST /v2/email/resources/tenants/list`: the tenants an existing resource is associated with.
package struct ListResourceTenants: ModelOperation {
    package static let name = "ListResourceTenants"

    package let tenants: Tenants

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        let arn = input["ResourceArn"]?.string ?? ""
        _ = try tenants.resources.resolve(arn)
        let matching = try tenants.tenants(of: arn)
        return try PagedList.answer(input, matching, member: "ResourceTenants", key: \.tenant.name) { item in
            var members: [(String, JSONFragment)] = [("TenantName", .string(item.tenant.name)),
                                                     ("TenantId", .json(item.tenant["TenantId"] ?? .null)), ("ResourceArn", .string(arn))]
            if let at = item.associatedAt { members.append(("AssociatedTimestamp", .json(at))) }
            return Self.wire.value(.object(members), as: "ResourceTenantMetadata")
        }
    }

    package init(tenants: Tenants) { self.tenants = tenants }
}
