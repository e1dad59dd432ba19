import AWSModel

/// `DELETE /v2/email/configuration-sets/{ConfigurationSetName}`: its events stay.
struct DeleteConfigurationSet: ModelOperation {
    static let name = "DeleteConfigurationSet"

    let configurationSets: ResourceRegistry

    func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        try configurationSets.delete(input["ConfigurationSetName"]?.string ?? "")
        return .empty
    }
}
