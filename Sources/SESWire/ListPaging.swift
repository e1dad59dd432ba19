import HTTPServer

/// `NextToken` and `PageSize` of the List operations (query string). Items are listed by key; a
/// token is the last key of the page before, so a page starts after it whatever was created or
/// deleted meanwhile, and a forged token only moves the start.
package struct ListPaging: Sendable {
    package let nextToken: String?
    package let pageSize: Int

    package init(nextToken: String?, pageSize: Int) {
        self.nextToken = nextToken
        self.pageSize = pageSize
    }

    /// `sizes`: the page sizes the operation accepts; absent (or 0) means `defaultSize`.
    package static func read(_ request: HTTPRequest, defaultSize: Int, sizes: ClosedRange<Int>) throws(AWSError) -> ListPaging {
        var token: String?
        var size = defaultSize
        for (name, value) in request.head.query {
            switch name {
            case "NextToken": token = value
            case "PageSize":
                guard let n = Int(value) else { throw .badRequest("PageSize must be an integer, not '\(value)'.") }
                guard n == 0 || sizes.contains(n) else {
                    throw .badRequest("PageSize must be between \(sizes.lowerBound) and \(sizes.upperBound).")
                }
                size = n == 0 ? defaultSize : n
            default: break
            }
        }
        return ListPaging(nextToken: token, pageSize: size)
    }

    /// The same members in a JSON body, as the `POST` list routes carry them.
    package static func read(_ body: RequestBody, defaultSize: Int, sizes: ClosedRange<Int>) throws(AWSError) -> ListPaging {
        var size = defaultSize
        if let n = try body.int("PageSize") {
            guard n == 0 || sizes.contains(Int(n)) else {
                throw .badRequest("PageSize must be between \(sizes.lowerBound) and \(sizes.upperBound).")
            }
            size = n == 0 ? defaultSize : Int(n)
        }
        return ListPaging(nextToken: try body.string("NextToken"), pageSize: size)
    }

    /// The page of `items` (sorted by `key`) and the token of the next one.
    package func page<T>(_ items: [T], key: (T) -> String) -> (items: ArraySlice<T>, nextToken: String?) {
        let start = nextToken.map { token in items.firstIndex { key($0) > token } ?? items.endIndex } ?? items.startIndex
        let end = min(items.endIndex, start + pageSize)
        let page = items[start..<end]
        return (page, end < items.endIndex ? page.last.map(key) : nil)
    }
}
