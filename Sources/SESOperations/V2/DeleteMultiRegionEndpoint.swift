import AWSModel
import SESDomain
import SESWire

/// `DELETE /v2/email/multi-region-endpoints/{EndpointName}`: gone at once; answers `DELETING` as AWS does.
package struct DeleteMultiRegionEndpoint: ModelOperation {
    package static let name = "DeleteMultiRegionEndpoint"

    package let endpoints: ResourceCollection

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        try endpoints.delete(input["EndpointName"]?.string ?? "")
        return .structure(["Status": .string("DELETING")])
    }

    package init(endpoints: ResourceCollection) { self.endpoints = endpoints }
}
