import AWSModel

/// An operation on its model's wire: its input is read and type-checked from the model's input
/// shape, validated against the model's constraints, and its answer written from the output shape,
/// in the service's protocol. The operation itself is typed: `input` turns the checked value into
/// its `Input` (with AWS's rules beyond the model), `handle` does the work and answers a value of
/// its output shape. Nothing here reads or writes JSON or XML.
package protocol ModelOperation: SESOperation where Decoded == ModelValue {
    associatedtype Output: ModelOutput = ModelValue
    /// The model the operation is in (SESv2 unless it is an SES v1 action).
    static var wire: ModelWire { get }
    /// AWS's rules beyond the model's constraints, reported with them in one message.
    func violations(_ value: ModelValue) -> [String]
    /// The checked value as the operation's input; refusals that are not validation messages.
    func input(_ value: ModelValue) throws(AWSError) -> Input
    func handle(_ input: Input, _ exchange: SESExchange) throws(AWSError) -> Output
}

/// A value of an operation's output shape.
package protocol ModelOutput {
    var modelValue: ModelValue { get }
}

extension ModelValue: ModelOutput {
    package var modelValue: ModelValue { self }
    /// An output with no members.
    package static let empty = ModelValue.structure([:])
}

extension ModelOperation {
    package static var wire: ModelWire { .sesv2 }

    package func violations(_ value: ModelValue) -> [String] { [] }

    package func decode(_ exchange: SESExchange) throws(AWSError) -> ModelValue {
        try Self.wire.decode(Self.name, exchange)
    }

    package func validate(_ value: ModelValue) throws(AWSError) -> Input {
        try Self.wire.validate(Self.name, value, more: violations(value))
        return try input(value)
    }

    package func execute(_ input: Input, _ exchange: SESExchange) throws(AWSError) -> OperationResult {
        let output = try handle(input, exchange)
        return OperationResult(body: Self.wire.encode(Self.name, output.modelValue, exchange))
    }
}

extension ModelOperation where Input == ModelValue {
    package func input(_ value: ModelValue) throws(AWSError) -> ModelValue { value }
}
