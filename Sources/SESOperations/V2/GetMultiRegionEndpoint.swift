import AWSModel
import JSON
import SESDomain
import SESWire

/// `GET /v2/email/multi-region-endpoints/{EndpointName}`.
package struct GetMultiRegionEndpoint: ModelOperation {
    package static let name = "GetMultiRegionEndpoint"

    package let endpoints: ResourceCollection

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        let endpoint = try endpoints.get(input["EndpointName"]?.string ?? "")
        return Self.wire.value(.json(.object(endpoint.document)), as: "GetMultiRegionEndpointResponse")
    }

    package init(endpoints: ResourceCollection) { self.endpoints = endpoints }
}
