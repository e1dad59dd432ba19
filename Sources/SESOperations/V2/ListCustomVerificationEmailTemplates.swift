import AWSModel
import JSON
import SESDomain
import SESWire

/// `GET /v2/email/custom-verification-email-templates`: by name, 1–50 a page (default 50).
package struct ListCustomVerificationEmailTemplates: SESOperation {
    package static let name = "ListCustomVerificationEmailTemplates"

    package let templates: ResourceCollection

    package func decode(_ exchange: SESExchange) throws(AWSError) -> ListPaging {
        try ListPaging.read(exchange.request, defaultSize: 50, sizes: 1...50)
    }

    package func execute(_ paging: ListPaging, _ exchange: SESExchange) throws(AWSError) -> OperationResult {
        let page = paging.page(try templates.all()) { $0.name }
        var output: [String: ModelValue] = ["CustomVerificationEmailTemplates": .list(page.items.map { template in
            ModelWire.sesv2.value(.json(.object(template.document)), as: "CustomVerificationEmailTemplateMetadata")
        })]
        if let token = page.nextToken { output["NextToken"] = .string(token) }
        return OperationResult(body: ModelWire.sesv2.encode(Self.name, .structure(output), exchange))
    }

    package init(templates: ResourceCollection) { self.templates = templates }
}
