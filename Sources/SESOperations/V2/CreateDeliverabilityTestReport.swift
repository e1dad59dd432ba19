import AWSModel
import JSON
import SESDomain
import SESWire

/// `POST /v2/email/deliverability-dashboard/test`: a placement test of the message, COMPLETED at
/// once. No seed mailboxes exist here, so the placement is the documented default (all inbox, SPF
/// and DKIM passing) at every ISP of the catalog; nothing is sent and no metric counts it.
package struct CreateDeliverabilityTestReport: ModelOperation {
    package static let name = "CreateDeliverabilityTestReport"

    package let dashboard: DeliverabilityDashboard
    package let sender: MailSender

    package func violations(_ value: ModelValue) -> [String] { Tags.violations(value["Tags"]) }

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        try dashboard.requireEnabled()
        let from = try SendRequest.address(input["FromEmailAddress"]?.string ?? "")
        guard try sender.sendingIdentity(for: from) != nil else {
            throw .messageRejected("Email address is not verified. The following identities failed the check in region \(SendRequest.region(exchange).uppercased()): \(from.address)")
        }
        let content = input["Content"]
        let subject = content?["Simple"]?["Subject"]?["Data"]?.string
            ?? content?["Raw"]?["Data"]?.blob.map { RawMessage(bytes: $0).subject ?? "" } ?? ""
        let id = RequestID.make()
        var members: [(String, JSONFragment)] = [("Subject", .string(subject)), ("FromEmailAddress", .string(from.address)),
                                                 ("CreateDate", .double(Double(exchange.startedEpochMillis) / 1000)),
                                                 ("DeliverabilityTestStatus", .string("COMPLETED")), ("Tags", Tags.stored(input["Tags"]))]
        if let name = input["ReportName"]?.string { members.insert(("ReportName", .string(name)), at: 0) }
        if let text = content?["Simple"]?["Body"]?["Html"]?["Data"]?.string ?? content?["Simple"]?["Body"]?["Text"]?["Data"]?.string {
            members.append(("Message", .string(text)))
        }
        try dashboard.reports.create(name: id, members: members, atMillis: exchange.startedEpochMillis)
        return .structure(["ReportId": .string(id), "DeliverabilityTestStatus": .string("COMPLETED")])
    }

    package init(dashboard: DeliverabilityDashboard, sender: MailSender) {
        self.dashboard = dashboard
        self.sender = sender
    }
}
