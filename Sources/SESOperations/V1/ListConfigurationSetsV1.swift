import AWSModel
import SESDomain
import SESWire

/// SES v1 `ListConfigurationSets`: every set SESv2 lists, by name; `MaxItems` 1–1000 (default 1000).
package struct ListConfigurationSetsV1: ModelOperation {
    package static let name = "ListConfigurationSets"
    package static let wire = ModelWire.ses

    package let configurationSets: ResourceRegistry

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        let size = input["MaxItems"]?.integer ?? 0
        guard size == 0 || (1...1000).contains(size) else { throw V1Identities.invalid("MaxItems must be between 1 and 1000.") }
        let page = ListPaging(nextToken: input["NextToken"]?.string, pageSize: size == 0 ? 1000 : Int(size))
            .page(try configurationSets.all()) { $0.name }
        var output: [String: ModelValue] = ["ConfigurationSets": .list(page.items.map { .structure(["Name": .string($0.name)]) })]
        if let token = page.nextToken { output["NextToken"] = .string(token) }
        return .structure(output)
    }

    package init(configurationSets: ResourceRegistry) { self.configurationSets = configurationSets }
}
