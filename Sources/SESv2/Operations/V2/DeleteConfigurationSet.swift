/// `DELETE /v2/email/configuration-sets/{ConfigurationSetName}`: its events stay.
struct DeleteConfigurationSet: SESOperation {
    static let name = "DeleteConfigurationSet"

    let configurationSets: ResourceRegistry

    func decode(_ exchange: SESExchange) throws(AWSError) -> String {
        exchange.pathParameters["ConfigurationSetName"] ?? ""
    }

    func execute(_ name: String, _ exchange: SESExchange) throws(AWSError) -> OperationResult {
        try configurationSets.delete(name)
        return OperationResult(body: Array("{}".utf8))
    }
}
