import MetricsStore
@testable import SESDomain
@testable import SESOperations
@testable import SESWire
import Testing

@Suite struct ResponseEncoderTests {
    @Test func resultsAndErrors_inAWSsShape_withEpochNumbers() {
        let series = DailySeries(timestamps: [1_728_000_000, 1_728_086_400], values: [3, 12])
        let body = ResponseEncoder.encode([
            .result(id: "q\"1", series: series),
            .error(id: "q2", code: "ACCESS_DENIED", message: "no"),
            .result(id: "q3", series: DailySeries()),
        ])
        #expect(String(decoding: body, as: UTF8.self) == #"""
            {"Results":[{"Id":"q\"1","Timestamps":[1728000000,1728086400],"Values":[3,12]},{"Id":"q3","Timestamps":[],"Values":[]}],"Errors":[{"Id":"q2","Code":"ACCESS_DENIED","Message":"no"}]}
            """#)
    }

    @Test func anEmptyBatch_stillHasBothLists() {
        #expect(String(decoding: ResponseEncoder.encode([]), as: UTF8.self) == #"{"Results":[],"Errors":[]}"#)
    }
}
