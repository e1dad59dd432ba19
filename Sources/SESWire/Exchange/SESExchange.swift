import AWSModel
@preconcurrency import Dispatch
import HTTPServer
import Support
import SigV4

/// One SES request as it passes the pipeline: made once where the request enters the SES layer,
/// filled in by the stages, then read by the access log and `/_emulator/requests` (nothing there
/// re-derives it from headers or paths).
package struct SESExchange: Sendable {
    package enum Outcome: Sendable {
        case pending
        case succeeded(OperationResult)
        case failed(AWSError)
    }

    package let requestID: String
    package let request: HTTPRequest
    /// The protocol the request speaks: SESv2's restJson1, or SES v1's Query protocol.
    package let wire: ServiceModel.WireProtocol
    /// The operation the route names: the model's name, or `METHOD path` for a path it lacks.
    package let operation: String
    package let pathParameters: [String: String]
    /// An SES v1 request's form parameters (`Action`, `Version` and the input's members).
    package var queryParameters: [(name: String, value: String)] = []
    /// The caller's credential scope (access key, region), verified or not: quotas, faults and
    /// logs key on it.
    package let scope: SigV4Scope?
    package let startedUptimeNanos: UInt64
    package let startedEpochMillis: Int64
    /// The queries of the validated input, for the log, when its input carries any.
    package var loggedQueries: [LoggedQuery] = []
    package var outcome: Outcome = .pending

    package init(request: HTTPRequest, operation: String, pathParameters: [String: String] = [:], wire: ServiceModel.WireProtocol = .restJSON) {
        self.requestID = RequestID.make()
        self.request = request
        self.wire = wire
        self.operation = operation
        self.pathParameters = pathParameters
        self.scope = SigV4Scope(request.head)
        self.startedUptimeNanos = DispatchTime.now().uptimeNanoseconds
        self.startedEpochMillis = UTCCalendar.nowMillis()
    }

    package var error: AWSError? {
        if case .failed(let error) = outcome { return error }
        return nil
    }
}

extension SESExchange: LoggedExchange {
    package var operationName: String? { operation }
}

/// One query of a request as the request log lists it.
package struct LoggedQuery: Sendable, Equatable {
    package let id: String
    package let metric: String

    package init(id: String, metric: String) {
        self.id = id
        self.metric = metric
    }
}

/// An input made of metric queries (the request log lists them).
package protocol QueryCarryingInput {
    var loggedQueries: [LoggedQuery] { get }
}
