import HTTPServer
import SESWire

/// Which serve option raises the body limit a request hit: the events endpoint has its own. The
/// core only knows the number; a 413 that names the option saves a trip to docs/configuration.md.
enum BodyLimitOption {
    static func name(forPath path: String) -> String {
        path == ControlAPI.eventsPath ? "--max-events-body-bytes" : "--max-body-bytes"
    }

    /// `error` with the option named when it is a 413 for a request whose head arrived.
    static func explain(_ error: AWSError, head: HTTPRequestHead?) -> AWSError {
        guard case .custom(413, let code, let message) = error, let head else { return error }
        let option = name(forPath: head.path)
        let variable = "SES_EMULATOR_" + String(option.dropFirst(2).uppercased().map { $0 == "-" ? "_" : $0 })
        return .custom(status: 413, code: code, message: "\(message); raise the limit with \(option) (\(variable))")
    }
}
