import HTTPServer
import JSON
import MetricsStore
import SESWire

public struct FaultConfigurationError: Error, CustomStringConvertible, Equatable {
    public let description: String
}

/// What fails, and how: per-query errors inside a 200 answer, whole-request AWS errors, and a
/// delay on every SES response. Read from `--faults FILE` or `PUT /_emulator/faults`.
public struct FaultConfiguration: Sendable, Equatable {
    public var seed: Int64 = 0
    public var queryFaults: [QueryFault] = []
    public var requestFaults: [RequestFault] = []
    public var latencyMs: Int64 = 0

    public init() {}

    public enum QueryFaultCode: String, Sendable, CaseIterable {
        case INTERNAL_FAILURE, ACCESS_DENIED

        package var defaultMessage: String {
            switch self {
            case .INTERNAL_FAILURE: return "An internal failure occurred while processing the query. Try again later."
            case .ACCESS_DENIED: return "You do not have sufficient access to perform this action."
            }
        }
    }

    public struct QueryFault: Sendable, Equatable {
        public var code: QueryFaultCode
        public var message: String?
        public var probability: Double = 1
        public var limit: Int64?
        public var match = QueryMatch()
    }

    public struct QueryMatch: Sendable, Equatable {
        public var queryId: String?
        public var metric: Metric?
        public var emailIdentity: String?
        public var configurationSet: String?
        public var isp: String?
        public var accessKeyId: String?
    }

    public struct RequestFault: Sendable, Equatable {
        /// `sesv2` or `ses` match; any other value is kept and listed but never matches.
        public var service: String?
        public var operation: String?
        public var probability: Double = 1
        public var limit: Int64?
        public var match = RequestMatch()
        /// nil answers 503 ServiceUnavailable, as LocalStack's chaos rules do.
        public var error: FaultError?
    }

    public struct RequestMatch: Sendable, Equatable {
        public var accessKeyId: String?
        public var region: String?
    }

    public struct FaultError: Sendable, Equatable {
        public var statusCode: Int64
        public var code: String
        public var message: String?
    }
}

// MARK: - Reading

extension FaultConfiguration {
    public init(jsonBytes: [UInt8], catalog: ISPCatalog) throws(FaultConfigurationError) {
        do {
            self = try Self.read(jsonBytes, catalog: catalog)
        } catch {
            throw FaultConfigurationError(description: error.description)
        }
    }

    private static func read(_ bytes: [UInt8], catalog: ISPCatalog) throws(StrictObjectReader.Problem) -> FaultConfiguration {
        var root = try StrictObjectReader(try StrictObjectReader.document(bytes), path: "")
        var configuration = FaultConfiguration()
        configuration.seed = try root.int("seed", range: 0...Int64.max) ?? 0
        configuration.latencyMs = try root.int("latencyMs", range: 0...600_000) ?? 0
        for (i, item) in (try root.array("queryFaults") ?? []).enumerated() {
            configuration.queryFaults.append(try queryFault(item, path: "queryFaults[\(i)]", catalog: catalog))
        }
        for (i, item) in (try root.array("requestFaults") ?? []).enumerated() {
            configuration.requestFaults.append(try requestFault(item, path: "requestFaults[\(i)]", chaos: false))
        }
        try root.finish()
        return configuration
    }

    package static func queryFault(_ value: JSONValue, path: String, catalog: ISPCatalog) throws(StrictObjectReader.Problem) -> QueryFault {
        var r = try StrictObjectReader(value, path: path)
        guard let codeText = try r.string("code") else { throw .init(description: "\(path).code is required") }
        guard let code = QueryFaultCode(rawValue: codeText) else {
            throw .init(description: "\(path).code must be one of \(QueryFaultCode.allCases.map(\.rawValue).joined(separator: ", ")), not '\(codeText)'")
        }
        var fault = QueryFault(code: code)
        fault.message = try r.string("message")
        fault.probability = try probability(&r)
        fault.limit = try r.int("limit", range: 0...Int64.max)
        if var m = try r.object("match") {
            fault.match.queryId = try m.string("queryId")
            if let metric = try m.string("metric") {
                guard let parsed = Metric(rawValue: metric) else {
                    throw .init(description: "\(path).match.metric: unknown metric '\(metric)'")
                }
                fault.match.metric = parsed
            }
            fault.match.emailIdentity = try m.string("emailIdentity")
            fault.match.configurationSet = try m.string("configurationSet")
            if let isp = try m.string("isp") {
                guard catalog.contains(isp) else { throw .init(description: "\(path).match.isp: '\(isp)' is not in the ISP catalog") }
                fault.match.isp = isp
            }
            fault.match.accessKeyId = try m.string("accessKeyId")
            try m.finish()
        }
        try r.finish()
        return fault
    }

    /// A request fault, or a LocalStack chaos rule (`region` at the top level instead of in `match`).
    package static func requestFault(_ value: JSONValue, path: String, chaos: Bool) throws(StrictObjectReader.Problem) -> RequestFault {
        var r = try StrictObjectReader(value, path: path)
        var fault = RequestFault()
        fault.service = try r.string("service")
        fault.operation = try r.string("operation")
        fault.probability = try probability(&r)
        fault.limit = try r.int("limit", range: 0...Int64.max)
        if chaos { fault.match.region = try r.string("region") }
        if var m = try r.object("match") {
            fault.match.accessKeyId = try m.string("accessKeyId")
            if !chaos { fault.match.region = try m.string("region") }
            try m.finish()
        }
        if var e = try r.object("error") {
            let status = try e.int("statusCode", range: 400...599) ?? 503
            guard let code = try e.string("code") ?? (e.value("statusCode") == nil ? "ServiceUnavailable" : nil) else {
                throw .init(description: "\(path).error.code is required with a statusCode")
            }
            guard !code.isEmpty, code.utf8.allSatisfy({ $0 > 32 && $0 < 127 && $0 != UInt8(ascii: ":") }) else {
                throw .init(description: "\(path).error.code must be a non-empty name without spaces or colons")
            }
            fault.error = FaultError(statusCode: status, code: code, message: try e.string("message"))
            try e.finish()
        }
        try r.finish()
        return fault
    }

    private static func probability(_ r: inout StrictObjectReader) throws(StrictObjectReader.Problem) -> Double {
        guard let p = try r.double("probability") else { return 1 }
        guard (0...1).contains(p) else { throw .init(description: "\(r.path).probability must be between 0 and 1, not \(p)") }
        return p
    }
}

// MARK: - Writing

extension FaultConfiguration {
    public var jsonBytes: [UInt8] {
        var out: [UInt8] = Array(#"{"seed":"#.utf8)
        JSONWriter.appendInt(seed, to: &out)
        out.append(contentsOf: #","queryFaults":["#.utf8)
        for (i, f) in queryFaults.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            var fields: [(String, JSONFragment)] = [("code", .string(f.code.rawValue))]
            if let m = f.message { fields.append(("message", .string(m))) }
            fields.append(("probability", .double(f.probability)))
            if let l = f.limit { fields.append(("limit", .int(l))) }
            var match: [(String, JSONFragment)] = []
            if let v = f.match.queryId { match.append(("queryId", .string(v))) }
            if let v = f.match.metric { match.append(("metric", .string(v.rawValue))) }
            if let v = f.match.emailIdentity { match.append(("emailIdentity", .string(v))) }
            if let v = f.match.configurationSet { match.append(("configurationSet", .string(v))) }
            if let v = f.match.isp { match.append(("isp", .string(v))) }
            if let v = f.match.accessKeyId { match.append(("accessKeyId", .string(v))) }
            fields.append(("match", .object(match)))
            JSONFragment.object(fields).write(to: &out)
        }
        out.append(contentsOf: #"],"requestFaults":["#.utf8)
        for (i, f) in requestFaults.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            f.fragment(chaos: false).write(to: &out)
        }
        out.append(contentsOf: #"],"latencyMs":"#.utf8)
        JSONWriter.appendInt(latencyMs, to: &out)
        out.append(UInt8(ascii: "}"))
        return out
    }
}

extension FaultConfiguration.RequestFault {
    /// As `/_emulator/faults` lists it, or as a LocalStack chaos rule (`region` at the top level).
    package func fragment(chaos: Bool) -> JSONFragment {
        var fields: [(String, JSONFragment)] = []
        if let v = service { fields.append(("service", .string(v))) }
        if let v = operation { fields.append(("operation", .string(v))) }
        if chaos, let v = match.region { fields.append(("region", .string(v))) }
        fields.append(("probability", .double(probability)))
        if let l = limit { fields.append(("limit", .int(l))) }
        var m: [(String, JSONFragment)] = []
        if let v = match.accessKeyId { m.append(("accessKeyId", .string(v))) }
        if !chaos, let v = match.region { m.append(("region", .string(v))) }
        if !m.isEmpty || !chaos { fields.append(("match", .object(m))) }
        if let e = error {
            var ef: [(String, JSONFragment)] = [("statusCode", .int(e.statusCode)), ("code", .string(e.code))]
            if let msg = e.message { ef.append(("message", .string(msg))) }
            fields.append(("error", .object(ef)))
        }
        return .object(fields)
    }
}

extension AWSError {
    /// The error a request fault asks for; AWS's own codes keep their usual messages.
    package init(fault: FaultConfiguration.FaultError?) {
        guard let fault else { self = .serviceUnavailable("Service Unavailable"); return }
        let status = Int(fault.statusCode)
        switch (status, fault.code) {
        case (400, "BadRequestException"): self = .badRequest(fault.message ?? "Bad request")
        case (404, "NotFoundException"): self = .notFound(fault.message ?? "Resource not found")
        case (429, "TooManyRequestsException") where fault.message == nil: self = .tooManyRequests
        case (500, "InternalServiceErrorException"): self = .internalFailure(fault.message ?? "Internal service error")
        default: self = .custom(status: status, code: fault.code, message: fault.message ?? HTTPStatus(status).reason)
        }
    }
}
