import AWSModel
import JSON
import SESDomain
import SESWire

/// `GET /v2/email/multi-region-endpoints`: by name, 1–1000 a page (default 100).
package struct ListMultiRegionEndpoints: ModelOperation {
    package static let name = "ListMultiRegionEndpoints"

    package let endpoints: ResourceCollection

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        try PagedList.answer(input, try endpoints.all(), member: "MultiRegionEndpoints", key: \.name) { endpoint in
            Self.wire.value(.json(.object(endpoint.document)), as: "MultiRegionEndpoint")
        }
    }

    package init(endpoints: ResourceCollection) { self.endpoints = endpoints }
}
