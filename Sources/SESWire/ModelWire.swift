import AWSModel
import JSON

/// One service model's wire, made once when first used: its codecs and validator. The one place
/// an operation's input is read and its output written by the model.
package struct ModelWire: Sendable {
    package let model: ServiceModel
    private let restJSONDecoder: RestJSONDecoder
    private let restJSONEncoder: RestJSONEncoder
    private let queryDecoder: QueryDecoder
    private let queryEncoder: QueryEncoder
    private let validator: ModelValidator

    package static let sesv2 = ModelWire(.sesv2)
    package static let ses = ModelWire(.ses)

    package init(_ model: ServiceModel) {
        self.model = model
        restJSONDecoder = RestJSONDecoder(model: model)
        restJSONEncoder = RestJSONEncoder(model: model)
        queryDecoder = QueryDecoder(model: model)
        queryEncoder = QueryEncoder(model: model)
        validator = ModelValidator(model: model)
    }

    /// The model's operation; an operation type names one, and `SESRouteTable` refuses to start
    /// with a name the model lacks.
    package func operation(_ name: String) -> Operation {
        guard let operation = model.operation(named: name) else { preconditionFailure("\(name) is not in the \(model.service) model") }
        return operation
    }

    private func shape(_ name: String?) -> Shape? { name.flatMap { model.shape($0) } }

    /// The request's input value, type-checked against the operation's input shape.
    package func decode(_ name: String, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        guard let input = shape(operation(name).input) else { return .structure([:]) }
        do {
            switch model.wireProtocol {
            case .restJSON:
                let request = RestJSONDecoder.Request(pathParameters: exchange.pathParameters, query: exchange.request.head.query,
                                                      body: exchange.request.body)
                return try restJSONDecoder.decode(request, as: input)
            case .query:
                return try queryDecoder.decode(exchange.queryParameters, as: input)
            }
        } catch {
            throw AWSError(error, protocol: model.wireProtocol)
        }
    }

    /// The model's constraints, and `more` (an operation's rules beyond them) in the same message.
    package func validate(_ name: String, _ value: ModelValue, more: [String] = []) throws(AWSError) {
        let found = (shape(operation(name).input).map { validator.violations(of: value, as: $0) } ?? []) + more
        if !found.isEmpty { throw AWSError(.validation(found), protocol: model.wireProtocol) }
    }

    /// The answer's body in the service's protocol.
    package func encode(_ name: String, _ value: ModelValue, _ exchange: SESExchange) -> [UInt8] {
        let operation = operation(name)
        switch model.wireProtocol {
        case .restJSON:
            guard let output = shape(operation.output) else { return Array("{}".utf8) }
            return restJSONEncoder.encode(value, as: output)
        case .query:
            return queryEncoder.response(operation, value, requestID: exchange.requestID)
        }
    }

    /// A member's value as a stored document keeps it: the restJson1 body that carried it.
    package func stored(_ value: ModelValue, as shapeName: String) -> JSONFragment {
        guard let shape = model.shape(shapeName), let json = try? JSONParser.parse(restJSONEncoder.encode(value, as: shape)) else {
            return .null
        }
        return .json(json)
    }

    /// A document the emulator keeps or builds as restJson1 JSON (a stored resource, a job's
    /// description) read as a value of the named output shape; members the shape lacks are left out.
    package func value(_ document: JSONFragment, as shapeName: String) -> ModelValue {
        guard let shape = model.shape(shapeName), let json = try? JSONParser.parse(document.bytes),
              let value = try? restJSONDecoder.value(json, as: shape) else { return .empty }
        return value
    }
}
