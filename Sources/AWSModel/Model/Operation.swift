import JSON

/// An operation of a service model: its HTTP binding (and the bindings older models gave it,
/// which clients still send), its input, output and error shapes.
public struct Operation: Sendable {
    public let name: String
    public let binding: HTTPBinding
    /// Bindings of older models that differ from `binding`; both are served.
    public let olderBindings: [HTTPBinding]
    /// The success status restJson1 answers with, when the model sets one.
    public let successStatus: Int?
    public let input: String?
    public let output: String?
    /// The Query protocol's `<ActionResult>` element name.
    public let resultWrapper: String?
    public let errors: [String]

    init(name: String, _ reader: ModelReader) throws(ServiceModelError) {
        self.name = name
        binding = try HTTPBinding(try reader.array("http"), at: "\(reader.path).http")
        var older: [HTTPBinding] = []
        if let bindings = try reader.optionalArray("olderHttp") {
            for (i, value) in bindings.enumerated() {
                guard case .array(let pair) = value else { throw ServiceModelError("\(reader.path).olderHttp[\(i)]: not a list") }
                older.append(try HTTPBinding(pair, at: "\(reader.path).olderHttp[\(i)]"))
            }
        }
        olderBindings = older
        successStatus = try reader.optionalInt("status").map(Int.init)
        input = try reader.optionalString("input")
        output = try reader.optionalString("output")
        resultWrapper = try reader.optionalString("resultWrapper")
        errors = try reader.optionalStrings("errors") ?? []
    }

    /// Every binding the operation answers on: the model's first.
    public var allBindings: [HTTPBinding] { [binding] + olderBindings }
}

/// Method and request URI of an operation (restJson1: a path template with `{Label}` segments).
public struct HTTPBinding: Sendable, Equatable {
    public let method: String
    public let requestURI: String

    public init(method: String, requestURI: String) {
        self.method = method
        self.requestURI = requestURI
    }

    init(_ pair: [JSONValue], at path: String) throws(ServiceModelError) {
        guard pair.count == 2, case .string(let method) = pair[0], case .string(let uri) = pair[1] else {
            throw ServiceModelError("\(path): expected [method, requestUri]")
        }
        self.init(method: method, requestURI: uri)
    }
}
