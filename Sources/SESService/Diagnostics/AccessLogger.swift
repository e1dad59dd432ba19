import Glibc
import HTTPServer
import JSON
import SESDomain
import SESWire
import Support

public enum LogLevel: String, CaseIterable, Sendable, Comparable {
    case debug, info, warning, error

    private var rank: Int {
        switch self {
        case .debug: 0
        case .info: 1
        case .warning: 2
        case .error: 3
        }
    }
    public static func < (a: LogLevel, b: LogLevel) -> Bool { a.rank < b.rank }
}

public enum LogFormat: String, CaseIterable, Sendable {
    case text, json
}

/// Logs to stderr, one line per request (method, path, operation, status, duration, request id),
/// each line in a single write so lines from concurrent requests never interleave.
public struct AccessLogger: Sendable {
    public let level: LogLevel
    public let format: LogFormat

    public init(level: LogLevel, format: LogFormat) {
        self.level = level
        self.format = format
    }

    public func log(_ level: LogLevel, _ message: String) {
        guard level >= self.level else { return }
        switch format {
        case .text:
            write("\(Self.timestamp()) \(level.rawValue.uppercased()) \(message)\n")
        case .json:
            write(JSONFragment.object([("time", .string(Self.timestamp())), ("level", .string(level.rawValue)),
                                       ("message", .string(message))]).bytes + [10])
        }
    }

    /// Whether `logExchange` writes anything (access lines are info).
    var writesAccessLines: Bool { LogLevel.info >= level }

    /// One line per exchange; a refused request also names AWS's error code and message.
    func logExchange(_ record: HTTPExchangeRecord) {
        guard writesAccessLines else { return }
        let logged = record.attachment as? LoggedExchange
        let operation = logged?.operationName ?? "-"
        let requestID = logged?.requestID ?? "-"
        let error = record.status >= 400 ? logged?.error : nil
        let millis = (record.durationSeconds * 1000 * 1000).rounded() / 1000
        switch format {
        case .text:
            let detail = error.map { " \($0.code): \(Self.oneLine($0.message))" } ?? ""
            write("\(Self.timestamp()) INFO \(record.method) \(record.path) \(operation) \(record.status) \(millis)ms \(requestID)\(detail)\n")
        case .json:
            var fields: [(String, JSONFragment)] = [
                ("time", .string(Self.timestamp())), ("level", .string("info")), ("method", .string(record.method)),
                ("path", .string(record.path)), ("operation", .string(operation)), ("status", .int(Int64(record.status))),
                ("durationMs", .double(millis)), ("requestId", .string(requestID)),
            ]
            if let error {
                fields.append(("errorCode", .string(error.code)))
                fields.append(("errorMessage", .string(error.message)))
            }
            write(JSONFragment.object(fields).bytes + [10])
        }
    }

    /// A text log line stays one line (SigV4 messages hold the canonical request).
    private static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).joined(separator: " ")
    }

    private func write(_ text: String) { write(Array(text.utf8)) }

    private func write(_ bytes: [UInt8]) {
        _ = bytes.withUnsafeBytes { Glibc.write(2, $0.baseAddress, $0.count) }
    }

    /// RFC 3339 UTC with milliseconds.
    static func timestamp() -> String {
        UTCCalendar.rfc3339(millis: UTCCalendar.nowMillis(), alwaysMillis: true)
    }
}
