import HTTPServer

/// One SESv2 operation: how its input is read and checked, and what it does; where it lives (its
/// routes) is the service model's, found by `name`. The pipeline runs these in AWS's order; an
/// operation plugs in by being listed in `EmulatorService`, never by editing the pipeline.
package protocol SESOperation: Sendable {
    /// What the request carries, as decoded (members may still break the model's constraints).
    associatedtype Decoded: Sendable = Input
    /// What passed validation, ready to execute.
    associatedtype Input: Sendable

    /// The operation's name in the service model.
    static var name: String { get }
    /// The largest body this operation reads; nil: the SES API's default.
    static var bodyLimit: Int? { get }
    /// Account states the operation needs before its body is even read.
    static var gates: [AccountGate] { get }

    /// Body, path parameters and query string → the decoded input (JSON types only: 400s).
    func decode(_ exchange: SESExchange) throws(AWSError) -> Decoded
    /// The model's constraints and AWS's rules, in AWS's order (400s).
    func validate(_ decoded: Decoded) throws(AWSError) -> Input
    /// Tokens the call takes from the caller's quota (calls, queries); nil: no quota applies.
    func quotaCost(_ input: Input) -> Int?
    /// Does the work (store reads and writes, per-query faults) and encodes the answer.
    func execute(_ input: Input, _ exchange: SESExchange) throws(AWSError) -> OperationResult

    /// Whether `answerFromMemory` can ever answer: only then do the stages first run on the event
    /// loop's thread.
    static var answersFromMemory: Bool { get }
    /// What `decode`, `validate` and `execute` would give, when it is known without the store or
    /// anything else that blocks (remembered for the same body); nil: they run on a handler
    /// thread. Changes nothing.
    func answerFromMemory(_ exchange: SESExchange) -> (input: Input, result: OperationResult)?
}

extension SESOperation {
    package static var bodyLimit: Int? { nil }
    package static var gates: [AccountGate] { [] }
    package func quotaCost(_ input: Input) -> Int? { nil }
    package static var answersFromMemory: Bool { false }
    package func answerFromMemory(_ exchange: SESExchange) -> (input: Input, result: OperationResult)? { nil }
}

extension SESOperation where Decoded == Input {
    package func validate(_ decoded: Decoded) throws(AWSError) -> Input { decoded }
}

/// A successful answer: AWS's JSON body (restJson1) and its status.
package struct OperationResult: Sendable {
    package var status: HTTPStatus = .ok
    package var body: [UInt8]

    package init(status: HTTPStatus = .ok, body: [UInt8]) {
        self.status = status
        self.body = body
    }
}

/// An account state an operation requires.
package enum AccountGate: Sendable {
    /// Virtual Deliverability Manager enabled, or the given error.
    case vdmEnabled(otherwise: AWSError)
}
