import AWSModel
import JSON
import SESDomain
import SESWire

/// `PUT .../policy`: the entity's reputation management policy ARN, kept and reported.
package struct UpdateReputationEntityPolicy: ModelOperation {
    package static let name = "UpdateReputationEntityPolicy"

    package let tenants: Tenants

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        let tenant = try tenants.byReference(input["ReputationEntityReference"]?.string ?? "")
        let policy = input["ReputationEntityPolicy"]?.string ?? ""
        guard policy.hasPrefix("arn:") else { throw .badRequest("Invalid ReputationEntityPolicy \(policy): expected an ARN.") }
        try tenants.tenants.modify(tenant.name) { _ in [("ReputationManagementPolicy", .string(policy))] }
        return .empty
    }

    package init(tenants: Tenants) { self.tenants = tenants }
}
