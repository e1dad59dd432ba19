/// `DELETE /v2/email/identities/{EmailIdentity}`: mail from it is refused again; its events stay.
struct DeleteEmailIdentity: SESOperation {
    static let name = "DeleteEmailIdentity"

    let identities: ResourceRegistry

    func decode(_ exchange: SESExchange) throws(AWSError) -> String {
        exchange.pathParameters["EmailIdentity"] ?? ""
    }

    func execute(_ name: String, _ exchange: SESExchange) throws(AWSError) -> OperationResult {
        try identities.delete(name)
        return OperationResult(body: Array("{}".utf8))
    }
}
