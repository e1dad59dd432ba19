import AWSModel
import SESDomain
import SESWire

/// `POST /v2/email/email-address-insights/`: verdicts on an address from its form alone
/// (EmailAddressInsights says how).
package struct GetEmailAddressInsights: ModelOperation {
    package static let name = "GetEmailAddressInsights"

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        Self.wire.value(EmailAddressInsights.document(input["EmailAddress"]?.string ?? ""), as: "GetEmailAddressInsightsResponse")
    }

    package init() {}
}
