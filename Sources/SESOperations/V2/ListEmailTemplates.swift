import AWSModel
import SESDomain
import SESWire

/// `GET /v2/email/templates`: by name, at most 10 a page as at AWS.
package struct ListEmailTemplates: SESOperation {
    package static let name = "ListEmailTemplates"

    package let templates: ResourceCollection

    package func decode(_ exchange: SESExchange) throws(AWSError) -> ListPaging {
        try ListPaging.read(exchange.request, defaultSize: 10, sizes: 1...10)
    }

    package func execute(_ paging: ListPaging, _ exchange: SESExchange) throws(AWSError) -> OperationResult {
        let page = paging.page(try templates.all()) { $0.name }
        var output: [String: ModelValue] = ["TemplatesMetadata": .list(page.items.map { template in
            .structure(["TemplateName": .string(template.name), "CreatedTimestamp": .timestamp(Double(template.createdMillis) / 1000)])
        })]
        if let token = page.nextToken { output["NextToken"] = .string(token) }
        return OperationResult(body: ModelWire.sesv2.encode(Self.name, .structure(output), exchange))
    }

    package init(templates: ResourceCollection) { self.templates = templates }
}
