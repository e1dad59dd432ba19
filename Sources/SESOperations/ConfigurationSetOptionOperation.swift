import AWSModel
import JSON
import SESDomain
import SESWire

/// An operation that sets one option member of a configuration set (TrackingOptions,
/// SendingOptions, ...) from its input, replacing what was there, and answers empty. A set known
/// from stored events only is created with the defaults it reads with first.
package protocol ConfigurationSetOptionOperation: ModelOperation where Input == ModelValue, Output == ModelValue {
    /// The member of GetConfigurationSet's answer that the operation sets; its shape has the same name.
    static var option: String { get }
    var configurationSets: ResourceRegistry { get }
    /// The input member that carries the option whole (`VdmOptions`), nil when the input's own
    /// members are the option's.
    static var inputMember: String? { get }
    /// The option's new value; by default as `inputMember` says.
    func option(_ input: ModelValue) throws(AWSError) -> JSONFragment
}

extension ConfigurationSetOptionOperation {
    package static var inputMember: String? { nil }

    package func option(_ input: ModelValue) throws(AWSError) -> JSONFragment {
        guard let member = Self.inputMember else { return ModelWire.sesv2.stored(input, as: Self.option) }
        return input[member].map { ModelWire.sesv2.stored($0, as: Self.option) } ?? .object([])
    }

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        let value = try option(input)
        try configurationSets.modify(input["ConfigurationSetName"]?.string ?? "", atMillis: exchange.startedEpochMillis) { _ in [(Self.option, value)] }
        return .empty
    }
}
