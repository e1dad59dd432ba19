import AWSModel
import SESDomain
import SESWire

/// `GET /v2/email/configuration-sets` (older SDKs) and `POST /v2/email/list-configuration-sets`
/// (with `Filter`): created sets and those stored events name, by name.
package struct ListConfigurationSets: SESOperation {
    package static let name = "ListConfigurationSets"

    package let configurationSets: ResourceRegistry

    package func decode(_ exchange: SESExchange) throws(AWSError) -> ListRequest {
        try ListRequest.read(exchange.request, defaultSize: 100, sizes: 1...1000, filterKeys: ["CONFIGURATION_SET_NAME_CONTAINS"])
    }

    package func execute(_ request: ListRequest, _ exchange: SESExchange) throws(AWSError) -> OperationResult {
        let matching = try configurationSets.all().filter { set in
            request.filter.allSatisfy { ListRequest.contains(set.name, $0.value) }
        }
        let page = request.paging.page(matching) { $0.name }
        var output: [String: ModelValue] = ["ConfigurationSets": .list(page.items.map { .string($0.name) })]
        if let token = page.nextToken { output["NextToken"] = .string(token) }
        return OperationResult(body: ModelWire.sesv2.encode(Self.name, .structure(output), exchange))
    }

    package init(configurationSets: ResourceRegistry) { self.configurationSets = configurationSets }
}
