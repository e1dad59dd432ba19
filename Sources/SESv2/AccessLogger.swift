import Glibc
import HTTPServer
import JSON

public enum LogLevel: String, CaseIterable, Sendable, Comparable {
    case debug, info, warning, error

    private var rank: Int { LogLevel.allCases.firstIndex(of: self)! }
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
            var out: [UInt8] = Array(#"{"time":"#.utf8)
            JSONWriter.appendString(Self.timestamp(), to: &out)
            out.append(contentsOf: #","level":"#.utf8)
            JSONWriter.appendString(level.rawValue, to: &out)
            out.append(contentsOf: #","message":"#.utf8)
            JSONWriter.appendString(message, to: &out)
            out.append(contentsOf: "}\n".utf8)
            write(out)
        }
    }

    func logExchange(_ record: HTTPExchangeRecord) {
        guard LogLevel.info >= level else { return }
        let operation = Operation.name(method: record.method, path: record.path) ?? "-"
        let requestID = record.responseHeaders["x-amzn-RequestId"] ?? "-"
        let millis = (record.durationSeconds * 1000 * 1000).rounded() / 1000
        switch format {
        case .text:
            write("\(Self.timestamp()) INFO \(record.method) \(record.path) \(operation) \(record.status) \(millis)ms \(requestID)\n")
        case .json:
            var out: [UInt8] = Array(#"{"time":"#.utf8)
            JSONWriter.appendString(Self.timestamp(), to: &out)
            out.append(contentsOf: #","level":"info","method":"#.utf8)
            JSONWriter.appendString(record.method, to: &out)
            out.append(contentsOf: #","path":"#.utf8)
            JSONWriter.appendString(record.path, to: &out)
            out.append(contentsOf: #","operation":"#.utf8)
            JSONWriter.appendString(operation, to: &out)
            out.append(contentsOf: #","status":\#(record.status),"durationMs":\#(millis),"requestId":"#.utf8)
            JSONWriter.appendString(requestID, to: &out)
            out.append(contentsOf: "}\n".utf8)
            write(out)
        }
    }

    private func write(_ text: String) { write(Array(text.utf8)) }

    private func write(_ bytes: [UInt8]) {
        _ = bytes.withUnsafeBytes { Glibc.write(2, $0.baseAddress, $0.count) }
    }

    /// RFC 3339 UTC with milliseconds.
    static func timestamp() -> String {
        let now = RFC3339.nowMillis()
        return RFC3339.format(epochSeconds: now / 1000, milliseconds: Int(now % 1000))
    }
}

/// `2026-11-29T00:42:01.123Z`.
enum RFC3339 {
    static func nowMillis() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec / 1_000_000)
    }

    static func format(epochSeconds: Int64, milliseconds: Int? = nil) -> String {
        var t = time_t(epochSeconds)
        var tm = tm()
        gmtime_r(&t, &tm)
        func pad(_ v: Int32, _ width: Int = 2) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        var out = "\(pad(tm.tm_year + 1900, 4))-\(pad(tm.tm_mon + 1))-\(pad(tm.tm_mday))T\(pad(tm.tm_hour)):\(pad(tm.tm_min)):\(pad(tm.tm_sec))"
        if let milliseconds { out += "." + pad(Int32(milliseconds), 3) }
        return out + "Z"
    }
}
