import AWSModel
import SESDomain
import SESWire

/// A `GET` list of named resources paged by the query string's `NextToken` and `PageSize`: by
/// name, a page of summaries under one member. The handler gives the resources, the member, the
/// page sizes and each resource's summary.
package protocol ResourceListOperation: SESOperation where Input == ListPaging, Decoded == ListPaging {
    /// The output member holding the page.
    static var member: String { get }
    static var defaultPageSize: Int { get }
    static var pageSizes: ClosedRange<Int> { get }
    func resources() throws(AWSError) -> [Resource]
    func summary(_ resource: Resource) -> ModelValue
}

extension ResourceListOperation {
    package static var defaultPageSize: Int { 100 }
    package static var pageSizes: ClosedRange<Int> { 1...1000 }

    package func decode(_ exchange: SESExchange) throws(AWSError) -> ListPaging {
        try ListPaging.read(exchange.request, defaultSize: Self.defaultPageSize, sizes: Self.pageSizes)
    }

    package func execute(_ paging: ListPaging, _ exchange: SESExchange) throws(AWSError) -> OperationResult {
        let page = paging.page(try resources()) { $0.name }
        var output: [String: ModelValue] = [Self.member: .list(page.items.map(summary))]
        if let token = page.nextToken { output["NextToken"] = .string(token) }
        return OperationResult(body: ModelWire.sesv2.encode(Self.name, .structure(output), exchange))
    }
}
