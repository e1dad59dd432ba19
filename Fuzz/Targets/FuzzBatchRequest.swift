// libFuzzer target: the BatchGetMetricData body as the handler sees it: JSON decoding
// (RequestDecoder), then constraints (RequestValidator), then the AWS error rendering of whatever
// was refused. No input may crash, trap on arithmetic, or render a response that is not JSON.
import JSON
import MetricsStore
@testable import SESDomain
@testable import SESOperations
@testable import SESWire

private let validator = RequestValidator(maxRangeDays: 1096, wildcards: .all)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzBatchRequest(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let body = Array(UnsafeBufferPointer(start: data, count: size))
    do {
        let queries = try validator.validate(try RequestDecoder.decode(body))
        precondition(!queries.isEmpty && queries.count <= 10, "validated \(queries.count) queries")
        let ids = queries.map(\.id)
        precondition(Set(ids).count == ids.count, "duplicate ids validated: \(ids)")
    } catch {
        let response = error.response(requestID: "00000000-0000-0000-0000-000000000000")
        precondition(response.status.code == 400, "status \(response.status.code) for \(error)")
        // The message embeds client bytes: the rendered body must still be valid JSON.
        do {
            _ = try JSONParser.parse(response.body)
        } catch {
            fatalError("error body is not JSON: \(String(decoding: response.body, as: UTF8.self))")
        }
    }
    return 0
}
