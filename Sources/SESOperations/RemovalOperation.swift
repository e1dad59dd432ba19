import AWSModel
import SESWire

/// An operation whose input is one name (its URI label) and whose answer is empty: it deletes or
/// cancels what the name names. The handler gives the member and what to do with the name.
package protocol RemovalOperation: ModelOperation where Input == ModelValue, Output == ModelValue {
    /// The input member that holds the name.
    static var nameMember: String { get }
    func remove(_ name: String) throws(AWSError)
}

extension RemovalOperation {
    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        try remove(input[Self.nameMember]?.string ?? "")
        return .empty
    }
}
