import AWSModel
import JSON
import SESDomain
import SESWire

/// `GET /v2/email/tags?ResourceArn=...`: the tags given at creation and by TagResource.
package struct ListTagsForResource: ModelOperation {
    package static let name = "ListTagsForResource"

    package let resources: ResourcesByARN

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        let tags = try resources.tags(input["ResourceArn"]?.string ?? "")
        return Self.wire.value(.object([("Tags", .json(.array(tags)))]), as: "ListTagsForResourceResponse")
    }

    package init(resources: ResourcesByARN) { self.resources = resources }
}
