import AWSModel
import SESDomain
import SESWire

/// `DELETE /v2/email/suppression/addresses/{EmailAddress}`.
package struct DeleteSuppressedDestination: ModelOperation {
    package static let name = "DeleteSuppressedDestination"

    package let suppression: SuppressionList

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        try SuppressionList.checkTenant(input["TenantName"]?.string)
        try suppression.delete(input["EmailAddress"]?.string ?? "")
        return .empty
    }

    package init(suppression: SuppressionList) { self.suppression = suppression }
}
