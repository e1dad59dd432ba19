import AWSModel

/// The body-carried paging and map `Filter` of the newer List operations (ListTenants,
/// ListReputationEntities, ...): `PageSize` 1–1000 (default 100), `NextToken` the last key of the
/// page before, and the answer's list member with its NextToken.
package enum PagedList {
    /// The `Filter` map's entries.
    package static func filter(_ input: ModelValue) -> [String: String] {
        var out: [String: String] = [:]
        for entry in input["Filter"]?.map ?? [] { if let v = entry.value.string { out[entry.key] = v } }
        return out
    }

    package static func answer<T>(_ input: ModelValue, _ items: [T], member: String, key: (T) -> String,
                                  _ value: (T) -> ModelValue) throws(AWSError) -> ModelValue {
        let page = try paging(input).page(items, key: key)
        return answer(member: member, page.items.map(value), nextToken: page.nextToken)
    }

    /// `PageSize` and `NextToken` of the input, for a list read a page at a time.
    package static func paging(_ input: ModelValue) throws(AWSError) -> ListPaging {
        let size = input["PageSize"]?.integer ?? 0
        guard size == 0 || (1...1000).contains(size) else { throw .badRequest("PageSize must be between 1 and 1000.") }
        return ListPaging(nextToken: input["NextToken"]?.string, pageSize: size == 0 ? 100 : Int(size))
    }

    package static func answer(member: String, _ values: [ModelValue], nextToken: String?) -> ModelValue {
        var output: [String: ModelValue] = [member: .list(values)]
        if let nextToken { output["NextToken"] = .string(nextToken) }
        return .structure(output)
    }

    /// A list position as a key that sorts as positions do, for lists kept in an order of their own.
    package static func position(_ i: Int) -> String {
        let digits = String(i)
        return String(repeating: "0", count: max(0, 8 - digits.count)) + digits
    }
}
