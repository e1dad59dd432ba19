import AWSModel
import SESDomain
import SESWire

/// `PUT /v2/email/suppression/addresses`: lists the address (or replaces its entry) with the reason.
package struct PutSuppressedDestination: ModelOperation {
    package static let name = "PutSuppressedDestination"

    package let suppression: SuppressionList

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        try SuppressionList.checkTenant(input["TenantName"]?.string)
        let address = try SendRequest.address(input["EmailAddress"]?.string ?? "").address
        try suppression.put(address, reason: input["Reason"]?.string ?? "", atMillis: exchange.startedEpochMillis)
        return .empty
    }

    package init(suppression: SuppressionList) { self.suppression = suppression }
}
