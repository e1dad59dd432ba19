import AWSModel
import JSON
import SESDomain
import SESWire

/// `POST /v2/email/tenants/resources/list`: by ARN; `Filter` `RESOURCE_TYPE`.
package struct ListTenantResources: ModelOperation {
    package static let name = "ListTenantResources"

    package let tenants: Tenants

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        let tenant = try tenants.tenants.get(input["TenantName"]?.string ?? "")
        let type = PagedList.filter(input)["RESOURCE_TYPE"]
        let matching = try tenants.associations(of: tenant).filter { type == nil || $0.string(at: ["ResourceType"]) == type }
        return try PagedList.answer(input, matching, member: "TenantResources", key: \.name) { association in
            Self.wire.value(.json(.object(association.document)), as: "TenantResource")
        }
    }

    package init(tenants: Tenants) { self.tenants = tenants }
}
