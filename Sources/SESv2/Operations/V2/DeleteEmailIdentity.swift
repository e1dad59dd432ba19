import AWSModel

/// `DELETE /v2/email/identities/{EmailIdentity}`: mail from it is refused again; its events stay.
struct DeleteEmailIdentity: ModelOperation {
    static let name = "DeleteEmailIdentity"

    let identities: ResourceRegistry

    func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        try identities.delete(input["EmailIdentity"]?.string ?? "")
        return .empty
    }
}
