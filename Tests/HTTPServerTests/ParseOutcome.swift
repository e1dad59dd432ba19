@testable import HTTPServer

/// What a parser made of a byte string: the complete requests, in order, then the error if any.
struct ParseOutcome: Equatable, CustomStringConvertible {
    var requests: [HTTPRequest]
    var error: HTTPParseError?

    /// Feeds `input` to a fresh parser, all at once or one byte at a time, accepting every body
    /// with `bodyLimit`, until the input is exhausted or the parser fails.
    static func parse(_ input: [UInt8], limits: HTTPLimits = HTTPLimits(), bodyLimit: Int = 1 << 20,
                      byteAtATime: Bool) -> ParseOutcome {
        parse(pieces: byteAtATime ? input.map { [$0] } : [input], limits: limits, bodyLimit: bodyLimit)
    }

    /// Feeds the pieces in order, as separate reads.
    static func parse(pieces: [[UInt8]], limits: HTTPLimits = HTTPLimits(), bodyLimit: Int = 1 << 20) -> ParseOutcome {
        var parser = RequestParser(limits: limits)
        var outcome = ParseOutcome(requests: [], error: nil)
        do throws(HTTPParseError) {
            for piece in pieces {
                parser.append(piece)
                drain: while true {
                    switch try parser.next() {
                    case .needMoreData: break drain
                    case .head: try parser.beginBody(limit: bodyLimit)
                    case .request(let request): outcome.requests.append(request)
                    }
                }
            }
        } catch {
            outcome.error = error
        }
        return outcome
    }

    var description: String {
        let heads = requests.map { "\($0.method) \($0.head.target) body=\($0.body.count)B" }
        return "requests: \(heads), error: \(error.map { "\($0)" } ?? "none")"
    }
}
