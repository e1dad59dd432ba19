import AWSModel
import JSON
import SESDomain
import SESWire

/// `POST /v2/email/tenants/list`: by name; `Filter` `TENANT_NAME_CONTAINS` (any case) and
/// `SENDING_STATUS`; PageSize 1–1000, default 100.
package struct ListTenants: ModelOperation {
    package static let name = "ListTenants"

    package let tenants: Tenants

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        let filter = PagedList.filter(input)
        let contains = filter["TENANT_NAME_CONTAINS"]?.lowercased(), status = filter["SENDING_STATUS"]
        let matching = try tenants.tenants.all().filter { tenant in
            (contains.map { tenant.name.lowercased().contains($0) } ?? true)
                && (status.map { tenant.string(at: ["SendingStatus"]) == $0 } ?? true)
        }
        return try PagedList.answer(input, matching, member: "Tenants", key: \.name) { tenant in
            Self.wire.value(.json(.object(tenant.document)), as: "TenantInfo")
        }
    }

    package init(tenants: Tenants) { self.tenants = tenants }
}
