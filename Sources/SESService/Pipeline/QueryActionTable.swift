import AWSModel
import SESDomain

/// Every SES v1 action of the model, by name: the emulated ones with their operation, the rest
/// named so that a client calling one hears that it is not emulated. Matched once the request's
/// form parameters are read (the action is one of them).
struct QueryActionTable: Sendable {
    private let operations: [String: RegisteredOperation]
    private let model: ServiceModel

    init(operations: [RegisteredOperation], model: ServiceModel = .ses) {
        for operation in operations where model.operation(named: operation.name) == nil {
            preconditionFailure("\(operation.name) is not an action of the \(model.service) model")
        }
        self.operations = Dictionary(operations.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        self.model = model
    }

    func match(_ action: String, parameters: [(name: String, value: String)]) -> SESRouteTable.Match {
        if let operation = operations[action] { return .action(operation, parameters: parameters) }
        return model.operation(named: action) == nil ? .unknownAction(name: action) : .actionNotEmulated(name: action)
    }
}
