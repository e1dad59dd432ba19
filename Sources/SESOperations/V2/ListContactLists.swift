import AWSModel
import SESDomain
import SESWire

/// `GET /v2/email/contact-lists`: by name, `{ContactListName, LastUpdatedTimestamp}` each.
package struct ListContactLists: SESOperation {
    package static let name = "ListContactLists"

    package let contactLists: ContactLists

    package func decode(_ exchange: SESExchange) throws(AWSError) -> ListPaging {
        try ListPaging.read(exchange.request, defaultSize: 100, sizes: 1...1000)
    }

    package func execute(_ paging: ListPaging, _ exchange: SESExchange) throws(AWSError) -> OperationResult {
        let page = paging.page(try contactLists.lists.all()) { $0.name }
        var output: [String: ModelValue] = ["ContactLists": .list(page.items.map { list in
            ModelWire.sesv2.value(.json(.object(list.document)), as: "ContactList")
        })]
        if let token = page.nextToken { output["NextToken"] = .string(token) }
        return OperationResult(body: ModelWire.sesv2.encode(Self.name, .structure(output), exchange))
    }

    package init(contactLists: ContactLists) { self.contactLists = contactLists }
}
