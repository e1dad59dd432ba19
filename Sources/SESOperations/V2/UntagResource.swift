import AWSModel
import JSON
import SESDomain
import SESWire

/// `DELETE /v2/email/tags?ResourceArn=...&TagKeys=...`: keys the resource lacks are ignored.
package struct UntagResource: ModelOperation {
    package static let name = "UntagResource"

    package let resources: ResourcesByARN

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        let keys = Set(input["TagKeys"]?.list?.compactMap(\.string) ?? [])
        try resources.retag(input["ResourceArn"]?.string ?? "", atMillis: exchange.startedEpochMillis) { current in
            current.filter { !keys.contains(Tags.key($0)) }
        }
        return .empty
    }

    package init(resources: ResourcesByARN) { self.resources = resources }
}
