import Glibc
import HTTPServer
import SESWire
import Support

/// `GET /_localstack/info` and `GET /_localstack/init` in LocalStack's shapes, for tools that probe
/// them before they trust an endpoint to be LocalStack-like. Read-only, so served like health.
struct LocalStackInfo: Sendable {
    let version: String
    /// LocalStack makes one per run; so does the emulator.
    let sessionID = RequestID.make()
    private let startMillis = UTCCalendar.nowMillis()
    private let isDocker = access("/.dockerenv", F_OK) == 0

    init(version: String) {
        self.version = version
    }

    func info(requestID: String) -> HTTPResponse {
        let now = UTCCalendar.nowMillis()
        // LocalStack writes Python's isoformat: seconds, no zone suffix.
        let serverTime = String(UTCCalendar.rfc3339(millis: now - now % 1000).prefix(19))
        return .json(JSONFragment.object([
            ("version", .string(version)), ("edition", .string("community")), ("is_license_activated", .bool(false)),
            ("session_id", .string(sessionID)), ("machine_id", .string("ses-metrics-emulator")),
            ("system", .string("linux")), ("is_docker", .bool(isDocker)),
            ("server_time_utc", .string(serverTime)), ("uptime", .int((now - startMillis) / 1000)),
        ]).bytes, requestID: requestID)
    }

    /// Init scripts: the emulator runs none, and every stage up to READY is done once it answers.
    func initScripts(requestID: String) -> HTTPResponse {
        .json(JSONFragment.object([
            ("completed", .object([("BOOT", .bool(true)), ("START", .bool(true)), ("READY", .bool(true)), ("SHUTDOWN", .bool(false))])),
            ("scripts", .array([])),
        ]).bytes, requestID: requestID)
    }
}
