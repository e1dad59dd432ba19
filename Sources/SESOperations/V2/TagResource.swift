import AWSModel
import JSON
import SESDomain
import SESWire

/// `POST /v2/email/tags`: adds tags, replacing the value of a key the resource has.
package struct TagResource: ModelOperation {
    package static let name = "TagResource"

    package let resources: ResourcesByARN

    package func violations(_ value: ModelValue) -> [String] { Tags.violations(value["Tags"]) }

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        guard case .json(.array(let added)) = Tags.stored(input["Tags"]) else { return .empty }
        try resources.retag(input["ResourceArn"]?.string ?? "", atMillis: exchange.startedEpochMillis) { current in
            let keys = Set(added.map(Tags.key))
            return current.filter { !keys.contains(Tags.key($0)) } + added
        }
        return .empty
    }

    package init(resources: ResourcesByARN) { self.resources = resources }
}
