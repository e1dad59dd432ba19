import HTTPServer
import JSON
import MetricsStore
import SESWire

/// `GET|HEAD /_emulator/health` (`{"status":"ready","version":...,"events":N}`) and LocalStack's
/// `/_localstack/health` shape, for scripts, healthchecks and tools that wait on LocalStack.
struct HealthHandler: Sendable {
    let store: MetricsStore
    let version: String

    func emulator(requestID: String) -> HTTPResponse {
        let events: Int
        do {
            events = try store.eventCount()
        } catch {
            return AWSError.serviceUnavailable("The metrics store is not available: \(error)").response(requestID: requestID)
        }
        return .json(JSONFragment.object([("status", .string("ready")), ("version", .string(version)), ("events", .int(Int64(events)))]).bytes,
                     requestID: requestID)
    }

    func localStack(requestID: String) -> HTTPResponse {
        .json(JSONFragment.object([("services", .object([("sesv2", .string("running"))])),
                                   ("edition", .string("community")), ("version", .string(version))]).bytes,
              requestID: requestID)
    }
}
