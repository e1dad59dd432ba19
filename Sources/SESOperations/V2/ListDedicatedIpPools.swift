import AWSModel
import SESDomain
import SESWire

/// `GET /v2/email/dedicated-ip-pools`: pool names, by name.
package struct ListDedicatedIpPools: SESOperation {
    package static let name = "ListDedicatedIpPools"

    package let pools: ResourceCollection

    package func decode(_ exchange: SESExchange) throws(AWSError) -> ListPaging {
        try ListPaging.read(exchange.request, defaultSize: 100, sizes: 1...1000)
    }

    package func execute(_ paging: ListPaging, _ exchange: SESExchange) throws(AWSError) -> OperationResult {
        let page = paging.page(try pools.all()) { $0.name }
        var output: [String: ModelValue] = ["DedicatedIpPools": .list(page.items.map { .string($0.name) })]
        if let token = page.nextToken { output["NextToken"] = .string(token) }
        return OperationResult(body: ModelWire.sesv2.encode(Self.name, .structure(output), exchange))
    }

    package init(pools: ResourceCollection) { self.pools = pools }
}
