// libFuzzer target: RequestParser, driven the way Connection drives it (append → next() until
// .needMoreData; beginBody(limit:) after every head; stop at the first error), over the whole input
// and over the same bytes cut in two at a fuzzer-chosen point. Both runs must see the same requests
// and the same error: a parser whose answer depends on how TCP split the bytes is a smuggling bug.
//
// Input layout: byte 0 picks the body limit, bytes 1-2 the split point, the rest is the stream.
@testable import HTTPServer

private let limits: HTTPLimits = {
    var l = HTTPLimits()
    // Small limits so the fuzzer reaches every limit branch with short inputs.
    l.maxHeaderBytes = 512
    l.maxRequestLineBytes = 256
    l.maxHeaderFields = 12
    l.maxBodyBytes = 1024
    l.maxChunkLineBytes = 64
    return l
}()

private enum Event: Equatable {
    case head(HTTPRequestHead, BodyFraming)
    case request(HTTPRequest)
    case error(HTTPParseError)
}

private func run(_ pieces: [ArraySlice<UInt8>], bodyLimit: Int) -> [Event] {
    var parser = RequestParser(limits: limits)
    var events: [Event] = []
    for piece in pieces {
        parser.append(Array(piece))
        while true {
            let step: RequestParser.Step
            do {
                step = try parser.next()
            } catch {
                events.append(.error(error))
                // Every error is final: the connection would answer and close.
                do { _ = try parser.next(); fatalError("parser continued after \(error)") } catch {}
                return events
            }
            switch step {
            case .needMoreData:
                break
            case .head(let head, let framing):
                events.append(.head(head, framing))
                if case .length(let n) = framing { precondition(n > 0, "zero length framed as .length") }
                do {
                    try parser.beginBody(limit: bodyLimit)
                } catch {
                    events.append(.error(error))
                    return events
                }
                continue
            case .request(let request):
                precondition(request.body.count <= bodyLimit, "body of \(request.body.count) over limit \(bodyLimit)")
                events.append(.request(request))
                continue
            }
            break
        }
    }
    precondition(parser.bufferedByteCount <= pieces.reduce(0) { $0 + $1.count })
    return events
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHTTPParser(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard size >= 3 else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let bodyLimit = [0, 1, 16, 100, 1024][Int(bytes[0]) % 5]
    let stream = bytes[3...]
    let split = stream.startIndex + (Int(bytes[1]) << 8 | Int(bytes[2])) % (stream.count + 1)

    let whole = run([stream], bodyLimit: bodyLimit)
    let halves = run([stream[..<split], stream[split...]], bodyLimit: bodyLimit)
    if whole != halves {
        fatalError("whole and split (at \(split - stream.startIndex)) disagree:\n whole: \(whole)\n split: \(halves)")
    }
    if stream.count <= 300 {
        let bytewise = run(stream.indices.map { stream[$0...$0] }, bodyLimit: bodyLimit)
        if whole != bytewise {
            fatalError("whole and byte-at-a-time disagree:\n whole: \(whole)\n bytes: \(bytewise)")
        }
    }
    return 0
}
