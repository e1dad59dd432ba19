import AWSModel
import SESDomain
import SESWire

/// SES v1 `ListTemplates`: by name, `{Name, CreatedTimestamp}`; `MaxItems` 1–10 (default 10), as SESv2's.
package struct ListTemplates: ModelOperation {
    package static let name = "ListTemplates"
    package static let wire = ModelWire.ses

    package let templates: ResourceCollection

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        let size = input["MaxItems"]?.integer ?? 0
        guard size == 0 || (1...10).contains(size) else { throw V1Identities.invalid("MaxItems must be between 1 and 10.") }
        let page = ListPaging(nextToken: input["NextToken"]?.string, pageSize: size == 0 ? 10 : Int(size)).page(try templates.all()) { $0.name }
        var output: [String: ModelValue] = ["TemplatesMetadata": .list(page.items.map {
            .structure(["Name": .string($0.name), "CreatedTimestamp": .timestamp(Double($0.createdMillis) / 1000)])
        })]
        if let token = page.nextToken { output["NextToken"] = .string(token) }
        return .structure(output)
    }

    package init(templates: ResourceCollection) { self.templates = templates }
}
