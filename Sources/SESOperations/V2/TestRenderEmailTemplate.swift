import AWSModel
import JSON
import SESDomain
import SESWire
import Support

/// `POST /v2/email/templates/{TemplateName}/render`: the template filled from `TemplateData` (a
/// JSON object, as SendEmail takes it), answered as the MIME message SES would send:
/// `Subject`, and a text and an HTML part (multipart/alternative when both are there).
package struct TestRenderEmailTemplate: ModelOperation {
    package static let name = "TestRenderEmailTemplate"

    package let templates: ResourceCollection

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        let template = try templates.get(input["TemplateName"]?.string ?? "")
        let dataText = input["TemplateData"]?.string
        let data = try TemplateReference.parseData(dataText, member: "TemplateData")
        let content = TemplateContent(stored: template["TemplateContent"])
        for part in [content.subject, content.text, content.html] {
            if let part, let problem = TemplateRenderer.problem(in: part) {
                throw .badRequest("Template \(template.name) does not render: \(problem).")
            }
        }
        let rendered = content.rendered(with: data)
        return .structure(["RenderedTemplate": .string(Self.mime(rendered, atMillis: exchange.startedEpochMillis))])
    }

    static func mime(_ content: TemplateContent, atMillis now: Int64) -> String {
        var lines = ["Date: " + UTCCalendar.rfc3339(millis: now, alwaysMillis: false), "Subject: " + (content.subject ?? ""),
                     "MIME-Version: 1.0"]
        func part(_ type: String, _ body: String) -> [String] {
            ["Content-Type: \(type); charset=UTF-8", "Content-Transfer-Encoding: 7bit", "", body]
        }
        switch (content.text, content.html) {
        case let (text?, html?):
            let boundary = "----=_Part_" + String(UInt64(max(0, now)), radix: 16)
            lines += ["Content-Type: multipart/alternative; boundary=\"\(boundary)\"", "", "--" + boundary]
            lines += part("text/plain", text) + ["--" + boundary] + part("text/html", html) + ["--" + boundary + "--"]
        case let (text?, nil): lines += part("text/plain", text)
        case let (nil, html?): lines += part("text/html", html)
        case (nil, nil): lines += part("text/plain", "")
        }
        return lines.joined(separator: "\r\n")
    }

    package init(templates: ResourceCollection) { self.templates = templates }
}
