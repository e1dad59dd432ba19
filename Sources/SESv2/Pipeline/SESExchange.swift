import AWSModel
@preconcurrency import Dispatch
import HTTPServer
import Support
import SigV4

/// One SES request as it passes the pipeline: made once where the request enters the SES layer,
/// filled in by the stages, then read by the access log and `/_emulator/requests` (nothing there
/// re-derives it from headers or paths).
struct SESExchange: Sendable {
    enum Outcome: Sendable {
        case pending
        case succeeded(OperationResult)
        case failed(AWSError)
    }

    let requestID: String
    let request: HTTPRequest
    /// The protocol the request speaks: SESv2's restJson1, or SES v1's Query protocol.
    let wire: ServiceModel.WireProtocol
    /// The operation the route names: the model's name, or `METHOD path` for a path it lacks.
    let operation: String
    let pathParameters: [String: String]
    /// An SES v1 request's form parameters (`Action`, `Version` and the input's members).
    var queryParameters: [(name: String, value: String)] = []
    /// The caller's credential scope (access key, region), verified or not: quotas, faults and
    /// logs key on it.
    let scope: SigV4Scope?
    let startedUptimeNanos: UInt64
    let startedEpochMillis: Int64
    /// The queries of the validated input, for the log, when its input carries any.
    var loggedQueries: [LoggedQuery] = []
    var outcome: Outcome = .pending

    init(request: HTTPRequest, operation: String, pathParameters: [String: String] = [:], wire: ServiceModel.WireProtocol = .restJSON) {
        self.requestID = RequestID.make()
        self.request = request
        self.wire = wire
        self.operation = operation
        self.pathParameters = pathParameters
        self.scope = SigV4Scope(request.head)
        self.startedUptimeNanos = DispatchTime.now().uptimeNanoseconds
        self.startedEpochMillis = UTCCalendar.nowMillis()
    }

    /// Where a request enters the SES layer: its route's operation and path parameters (an SES v1
    /// request: its action and form parameters).
    init(request: HTTPRequest, match: SESRouteTable.Match) {
        switch match {
        case .operation(_, let parameters):
            self.init(request: request, operation: match.operationName, pathParameters: parameters)
        case .action(_, let parameters):
            self.init(request: request, operation: match.operationName, wire: .query)
            queryParameters = parameters
        case .actionNotEmulated, .unknownAction:
            self.init(request: request, operation: match.operationName, wire: .query)
        case .notEmulated, .methodNotAllowed:
            self.init(request: request, operation: match.operationName)
        }
    }

    var error: AWSError? {
        if case .failed(let error) = outcome { return error }
        return nil
    }
}

extension SESExchange: LoggedExchange {
    var operationName: String? { operation }
}

/// One query of a request as the request log lists it.
struct LoggedQuery: Sendable, Equatable {
    let id: String
    let metric: String
}

/// An input made of metric queries (the request log lists them).
protocol QueryCarryingInput {
    var loggedQueries: [LoggedQuery] { get }
}
