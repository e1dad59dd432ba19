import AWSModel
import SESDomain
import SESWire

/// `GET /v2/email/insights/{MessageId}/`: the message's events from the store (sent here or
/// ingested), behind VDM as at AWS.
package struct GetMessageInsights: ModelOperation {
    package static let name = "GetMessageInsights"
    package static let gates: [AccountGate] = [.vdmEnabled(otherwise: .notFound("To use this feature you must enable Virtual Deliverability Manager"))]

    package let insights: MessageInsights

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        Self.wire.value(try insights.document(input["MessageId"]?.string ?? ""), as: "GetMessageInsightsResponse")
    }

    package init(insights: MessageInsights) { self.insights = insights }
}
