/// Why bytes from a client are not a request we will answer. Each case carries what was wrong;
/// `status` is the one place the core maps them to a status code.
public enum HTTPParseError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidRequestLine(String)
    case http09Request
    case unsupportedVersion(String)
    case http2Preface
    case requestTargetTooLong(limit: Int)
    case headerSectionTooLarge(limit: Int)
    case tooManyHeaderFields(limit: Int)
    case invalidHeaderName(String)
    case whitespaceBeforeColon(String)
    case obsoleteLineFolding
    case invalidHeaderValue(name: String)
    case bareLineFeedOrCarriageReturn
    case missingHost
    case duplicateHost
    case invalidContentLength(String)
    case conflictingContentLength
    case contentLengthWithTransferEncoding
    case transferEncodingOnHTTP10
    case chunkedNotLast(String)
    case unsupportedTransferCoding(String)
    case invalidChunkSize(String)
    case invalidChunkTerminator
    case invalidTarget(String)
    case bodyTooLarge(limit: Int)
    case unsupportedExpectation(String)

    public var status: HTTPStatus {
        switch self {
        case .unsupportedVersion, .http2Preface: return .httpVersionNotSupported
        case .requestTargetTooLong: return .uriTooLong
        case .headerSectionTooLarge, .tooManyHeaderFields: return .requestHeaderFieldsTooLarge
        case .unsupportedTransferCoding: return .notImplemented
        case .bodyTooLarge: return .contentTooLarge
        case .unsupportedExpectation: return .expectationFailed
        default: return .badRequest
        }
    }

    public var description: String {
        switch self {
        case .invalidRequestLine(let line): return "invalid request line: \(line)"
        case .http09Request: return "HTTP/0.9 requests are not supported"
        case .unsupportedVersion(let v): return "unsupported HTTP version \(v)"
        case .http2Preface: return "HTTP/2 is not supported on this port"
        case .requestTargetTooLong(let limit): return "request target longer than \(limit) bytes"
        case .headerSectionTooLarge(let limit): return "header section larger than \(limit) bytes"
        case .tooManyHeaderFields(let limit): return "more than \(limit) header fields"
        case .invalidHeaderName(let name): return "invalid header field name '\(name)'"
        case .whitespaceBeforeColon(let name): return "whitespace between header field name '\(name)' and colon"
        case .obsoleteLineFolding: return "obsolete line folding in header section"
        case .invalidHeaderValue(let name): return "invalid character in value of header field '\(name)'"
        case .bareLineFeedOrCarriageReturn: return "line not terminated by CRLF"
        case .missingHost: return "missing Host header field"
        case .duplicateHost: return "more than one Host header field"
        case .invalidContentLength(let v): return "invalid Content-Length '\(v)'"
        case .conflictingContentLength: return "conflicting Content-Length values"
        case .contentLengthWithTransferEncoding: return "both Content-Length and Transfer-Encoding present"
        case .transferEncodingOnHTTP10: return "Transfer-Encoding in an HTTP/1.0 request"
        case .chunkedNotLast(let v): return "chunked is not the final transfer coding in '\(v)'"
        case .unsupportedTransferCoding(let v): return "unsupported transfer coding '\(v)'"
        case .invalidChunkSize(let v): return "invalid chunk size '\(v)'"
        case .invalidChunkTerminator: return "chunk data not followed by CRLF"
        case .invalidTarget(let t): return "invalid request target '\(t)'"
        case .bodyTooLarge(let limit): return "request body larger than \(limit) bytes"
        case .unsupportedExpectation(let v): return "unsupported expectation '\(v)'"
        }
    }
}
