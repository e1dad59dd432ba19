import HTTPServer

/// What the access log reads of a response the emulator made: its own record, attached to the
/// response, so nothing is read back out of headers.
protocol LoggedExchange: Sendable {
    var requestID: String { get }
    /// The SESv2 operation, for SES requests.
    var operationName: String? { get }
    var error: AWSError? { get }
}

/// The record of a response made outside the SES pipeline: control API, health, the core's own errors.
struct PlainExchange: LoggedExchange {
    let requestID: String
    var operationName: String? { nil }
    let error: AWSError?
}

extension HTTPResponse {
    /// A JSON 200 answer outside the SES pipeline, with its request id.
    static func json(_ body: [UInt8], requestID: String) -> HTTPResponse {
        HTTPResponse(status: .ok, headers: HTTPHeaders([("Content-Type", "application/json"), ("x-amzn-RequestId", requestID)]),
                     body: body, attachment: PlainExchange(requestID: requestID, error: nil))
    }
}
