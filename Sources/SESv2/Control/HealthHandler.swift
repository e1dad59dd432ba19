import HTTPServer
import JSON
import MetricsStore

/// `GET|HEAD /_emulator/health`: `{"status":"ready","version":...,"events":N}`, for scripts,
/// healthchecks and Testcontainers to wait on.
struct HealthHandler: Sendable {
    let store: MetricsStore
    let version: String

    func handle(requestID: String) -> HTTPResponse {
        let events: Int
        do {
            events = try store.eventCount()
        } catch {
            return AWSError.serviceUnavailable("The metrics store is not available: \(error)").response(requestID: requestID)
        }
        var body: [UInt8] = Array(#"{"status":"ready","version":"#.utf8)
        JSONWriter.appendString(version, to: &body)
        body.append(contentsOf: #","events":"#.utf8)
        JSONWriter.appendInt(Int64(events), to: &body)
        body.append(UInt8(ascii: "}"))
        return HTTPResponse(status: .ok,
                            headers: HTTPHeaders([("Content-Type", "application/json"), ("x-amzn-RequestId", requestID)]),
                            body: body)
    }
}
