/// `GET /v2/email/configuration-sets/{ConfigurationSetName}`: as created (defaults filled in),
/// or the defaults for a set stored events name.
struct GetConfigurationSet: SESOperation {
    static let name = "GetConfigurationSet"

    let configurationSets: ResourceRegistry

    func decode(_ exchange: SESExchange) throws(AWSError) -> String {
        exchange.pathParameters["ConfigurationSetName"] ?? ""
    }

    func execute(_ name: String, _ exchange: SESExchange) throws(AWSError) -> OperationResult {
        let set = try configurationSets.get(name)
        let document: JSONFragment = set.resource.map { .json(.object($0.document)) }
            ?? .object([("ConfigurationSetName", .string(set.name))] + ConfigurationSetOptions.defaults + [("Tags", .array([]))])
        return OperationResult(body: document.bytes)
    }
}
