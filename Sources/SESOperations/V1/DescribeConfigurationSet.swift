import AWSModel
import JSON
import SESDomain
import SESWire

/// SES v1 `DescribeConfigurationSet`: the name, and the attributes asked for
/// (`eventDestinations`, `trackingOptions`, `deliveryOptions`, `reputationOptions`) from the set
/// SESv2 keeps.
package struct DescribeConfigurationSet: ModelOperation {
    package static let name = "DescribeConfigurationSet"
    package static let wire = ModelWire.ses

    package let configurationSets: ResourceRegistry

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        let name = input["ConfigurationSetName"]?.string ?? ""
        guard let set = try configurationSets.find(name) else { throw V1ConfigurationSets.doesNotExist(name) }
        let wanted = Set(input["ConfigurationSetAttributeNames"]?.list?.compactMap(\.string) ?? [])
        let resource = set.resource
        var output: [String: ModelValue] = ["ConfigurationSet": .structure(["Name": .string(set.name)])]
        if wanted.contains("eventDestinations") {
            output["EventDestinations"] = .list(EventDestinations.all(in: resource).map(V1ConfigurationSets.destination))
        }
        if wanted.contains("trackingOptions"), let domain = resource?.string(at: ["TrackingOptions", "CustomRedirectDomain"]) {
            output["TrackingOptions"] = .structure(["CustomRedirectDomain": .string(domain)])
        }
        if wanted.contains("deliveryOptions") {
            output["DeliveryOptions"] = .structure(["TlsPolicy": .string(resource?.string(at: ["DeliveryOptions", "TlsPolicy"]) ?? "OPTIONAL")])
        }
        if wanted.contains("reputationOptions") {
            output["ReputationOptions"] = .structure([
                "SendingEnabled": .boolean(resource?.bool(at: ["SendingOptions", "SendingEnabled"]) ?? true),
                "ReputationMetricsEnabled": .boolean(resource?.bool(at: ["ReputationOptions", "ReputationMetricsEnabled"]) ?? false),
            ])
        }
        return .structure(output)
    }

    package init(configurationSets: ResourceRegistry) { self.configurationSets = configurationSets }
}
