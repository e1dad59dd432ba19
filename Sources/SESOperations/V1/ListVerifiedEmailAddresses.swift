import AWSModel
import SESDomain
import SESWire

/// SES v1 `ListVerifiedEmailAddresses`: the verified address identities.
package struct ListVerifiedEmailAddresses: ModelOperation {
    package static let name = "ListVerifiedEmailAddresses"
    package static let wire = ModelWire.ses
    package let identities: ResourceRegistry

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        let addresses = try identities.created.all().filter { $0.name.contains("@") }.map { ModelValue.string($0.name) }
        return .structure(["VerifiedEmailAddresses": .list(addresses)])
    }

    package init(identities: ResourceRegistry) { self.identities = identities }
}
