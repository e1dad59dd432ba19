import AWSModel
import HTTPServer
import SESDomain
import SESWire

/// Every SESv2 route of the service model (each operation's binding and those older models gave
/// it), named so that a client calling one that is not emulated hears which. Matched once per
/// request, when its head arrives (the body limit depends on the operation).
struct SESRouteTable: Sendable {
    static let prefix = "/v2/email/"

    /// What a request names: an SESv2 route (matched by this table as the head arrives), or an
    /// SES v1 action (matched by `QueryActionTable` once the form body is read).
    enum Match: Sendable {
        case operation(RegisteredOperation, pathParameters: [String: String])
        case notEmulated(name: String)
        case methodNotAllowed(operation: String, allowed: [String])
        case action(RegisteredOperation, parameters: [(name: String, value: String)])
        case actionNotEmulated(name: String)
        case unknownAction(name: String)

        /// The operation the request names, for logs and faults.
        var operationName: String {
            switch self {
            case .operation(let op, _), .action(let op, _): return op.name
            case .notEmulated(let name), .actionNotEmulated(let name), .unknownAction(let name): return name
            case .methodNotAllowed(let name, _): return name
            }
        }

        /// The emulated operation matched, if any.
        var operation: RegisteredOperation? {
            switch self {
            case .operation(let op, _), .action(let op, _): return op
            default: return nil
            }
        }

        /// An operation that may answer on the event loop (`SESOperation.answersFromMemory`).
        var answersFromMemory: Bool { operation?.answersFromMemory ?? false }
    }

    private struct Entry: Sendable {
        let name: String
        let method: String
        let template: PathTemplate
        let operation: RegisteredOperation?
    }

    private let entries: [Entry]
    /// Templates without parameters by path: the common case, found without a scan (a literal
    /// template is always the most specific fit of its path).
    private let literal: [String: [Entry]]
    let emulated: [String]

    init(operations: [RegisteredOperation], model: ServiceModel = .sesv2) {
        let byName = Dictionary(operations.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        for operation in operations where model.operation(named: operation.name) == nil {
            preconditionFailure("\(operation.name) is not an operation of the \(model.service) model")
        }
        let entries = model.operations.flatMap { operation in
            operation.allBindings.map { binding in
                Entry(name: operation.name, method: binding.method, template: PathTemplate(binding.requestURI),
                      operation: byName[operation.name])
            }
        }
        // Most literal segments first, so `/import-jobs/list` wins over `/import-jobs/{JobId}`.
        self.entries = entries.sorted { $0.template.literalCount > $1.template.literalCount }
        self.literal = Dictionary(grouping: entries.filter { $0.template.literalCount == $0.template.segments.count },
                                  by: { $0.template.description })
        self.emulated = operations.map(\.name)
    }

    /// nil for a path outside the SESv2 API. HEAD is answered as GET (the core drops the body).
    /// `segments`: the path's segments each decoded on its own (HTTPRequestHead.pathSegments),
    /// so a parameter may hold an encoded `/`.
    func match(method: String, path: String, segments pathSegments: [String]? = nil) -> Match? {
        guard path.hasPrefix(Self.prefix) else { return nil }
        let wanted = method == "HEAD" ? "GET" : method
        if let fits = literal[path] {
            return decide(fits.map { ($0, [:]) }, wanted: wanted)
                ?? .notEmulated(name: "\(method) \(path)")
        }
        let segments = pathSegments.map { $0.map { Substring($0) } } ?? PathTemplate.split(path)
        var fits: [(Entry, [String: String])] = []
        for entry in entries {
            // Only the most specific templates that fit decide.
            if let best = fits.first, entry.template.literalCount < best.0.template.literalCount { break }
            if let parameters = entry.template.match(segments) { fits.append((entry, parameters)) }
        }
        return decide(fits, wanted: wanted) ?? .notEmulated(name: "\(method) \(path)")
    }

    /// Each emulated operation at a path without parameters, with its method, as `match` finds it.
    var literalOperations: [(method: String, path: String, operation: RegisteredOperation)] {
        literal.flatMap { path, fits in
            fits.compactMap { entry in entry.operation.map { (entry.method, path, $0) } }
        }
    }

    /// Among equally specific templates that fit: the one with the method, else 405.
    private func decide(_ fits: [(Entry, [String: String])], wanted: String) -> Match? {
        guard let first = fits.first else { return nil }
        if let (entry, parameters) = fits.first(where: { $0.0.method == wanted }) {
            guard let operation = entry.operation else { return .notEmulated(name: entry.name) }
            return .operation(operation, pathParameters: parameters)
        }
        var allowed = Set(fits.map { $0.0.method })
        if allowed.contains("GET") { allowed.insert("HEAD") }
        return .methodNotAllowed(operation: first.0.name, allowed: allowed.sorted())
    }
}

/// An operation with its types erased, as the route table holds it; its routes are the model's.
struct RegisteredOperation: Sendable {
    let name: String
    let bodyLimit: Int?
    let answersFromMemory: Bool
    /// `Pipeline.run` with the operation's types.
    let run: @Sendable (Pipeline, inout SESExchange, Pipeline.Start) -> Bool

    init<Op: SESOperation>(_ operation: Op) {
        name = Op.name
        bodyLimit = Op.bodyLimit
        answersFromMemory = Op.answersFromMemory
        run = { pipeline, exchange, start in pipeline.run(operation, &exchange, from: start) }
    }
}

extension SESExchange {
    /// Where a request enters the SES layer: its route's operation and path parameters (an SES v1
    /// request: its action and form parameters).
    init(request: HTTPRequest, match: SESRouteTable.Match) {
        switch match {
        case .operation(_, let parameters):
            self.init(request: request, operation: match.operationName, pathParameters: parameters)
        case .action(_, let parameters):
            self.init(request: request, operation: match.operationName, wire: .query)
            queryParameters = parameters
        case .actionNotEmulated, .unknownAction:
            self.init(request: request, operation: match.operationName, wire: .query)
        case .notEmulated, .methodNotAllowed:
            self.init(request: request, operation: match.operationName)
        }
    }
}
