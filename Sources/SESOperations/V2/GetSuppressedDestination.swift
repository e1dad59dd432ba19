import AWSModel
import JSON
import SESDomain
import SESWire

/// `GET /v2/email/suppression/addresses/{EmailAddress}`: the entry, with the MessageId and
/// FeedbackId of the send that listed it.
package struct GetSuppressedDestination: ModelOperation {
    package static let name = "GetSuppressedDestination"

    package let suppression: SuppressionList

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        try SuppressionList.checkTenant(input["TenantName"]?.string)
        let entry = try suppression.get(input["EmailAddress"]?.string ?? "")
        return .structure(["SuppressedDestination": Self.wire.value(.json(.object(entry.document)), as: "SuppressedDestination")])
    }

    package init(suppression: SuppressionList) { self.suppression = suppression }
}
