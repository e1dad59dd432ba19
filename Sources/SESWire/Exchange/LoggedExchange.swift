import HTTPServer

/// What the access log reads of a response the emulator made: its own record, attached to the
/// response, so nothing is read back out of headers.
package protocol LoggedExchange: Sendable {
    var requestID: String { get }
    /// The SESv2 operation, for SES requests.
    var operationName: String? { get }
    var error: AWSError? { get }
}

/// The record of a response made outside the SES pipeline: control API, health, the core's own errors.
package struct PlainExchange: LoggedExchange {
    package let requestID: String
    package var operationName: String? { nil }
    package let error: AWSError?

    package init(requestID: String, error: AWSError?) {
        self.requestID = requestID
        self.error = error
    }
}

extension HTTPResponse {
    /// A JSON 200 answer outside the SES pipeline, with its request id.
    package static func json(_ body: [UInt8], requestID: String) -> HTTPResponse {
        HTTPResponse(status: .ok, headers: HTTPHeaders([("Content-Type", "application/json"), ("x-amzn-RequestId", requestID)]),
                     body: body, attachment: PlainExchange(requestID: requestID, error: nil))
    }
}
