@testable import SESDomain
@testable import SESOperations
@testable import SESService
@testable import SESWire
import Testing

/// The request log's bodies stay within their byte budget, whatever arrives.
@Suite struct RequestBodiesTests {
    static func bytes(_ n: Int, _ fill: UInt8 = 0x61) -> [UInt8] { [UInt8](repeating: fill, count: n) }

    @Test func theBudget_isNeverExceeded_andTheOldestGoFirst() {
        let bodies = RequestBodies(budget: 10_000, maxBodyBytes: 1_000)
        for i in 0..<100 {
            bodies.keep(requestID: "r\(i)", request: Self.bytes(300 + i), response: Self.bytes(500))
            #expect(bodies.heldBytes <= 10_000)
        }
        #expect(bodies.bodies(of: "r0") == nil)
        #expect(bodies.bodies(of: "r99")?.request.count == 399)
        #expect(bodies.bodies(of: "r89")?.response.count == 500, "r89...r99 hold 9,834 bytes")
        #expect(bodies.bodies(of: "r88") == nil, "its 888 bytes would pass the budget")
    }

    @Test func aLargeBody_isCutToItsLimit_andMarked() {
        let bodies = RequestBodies(budget: 4_096, maxBodyBytes: 1_024)
        bodies.keep(requestID: "big", request: Self.bytes(10), response: Self.bytes(1_000_000))
        let kept = bodies.bodies(of: "big")
        #expect(kept?.request.count == 10)
        #expect(kept?.requestTruncated == false)
        #expect(kept?.response.count == 1_024)
        #expect(kept?.responseTruncated == true)
        #expect(kept?.response.capacity ?? .max < 2_048, "a compact copy, not the 1 MB buffer")
    }

    @Test func oneBody_neverTakesMoreThanHalfTheBudget() {
        let bodies = RequestBodies(budget: 1_000, maxBodyBytes: 5_000)
        bodies.keep(requestID: "x", request: Self.bytes(5_000), response: Self.bytes(5_000))
        #expect(bodies.heldBytes == 1_000)
    }

    @Test func clear_andAnEmptyLog_keepNothing() {
        let log = RequestLog(capacity: 0)
        log.bodies.keep(requestID: "direct", request: Self.bytes(10), response: Self.bytes(10))
        log.clear()
        #expect(log.bodies.heldBytes == 0)
        #expect(log.bodies.bodies(of: "direct") == nil)
    }

    @Test func manyEvictions_keepTheIndexSmall() {
        let bodies = RequestBodies(budget: 100, maxBodyBytes: 50)
        for i in 0..<20_000 { bodies.keep(requestID: "r\(i)", request: Self.bytes(10), response: Self.bytes(10)) }
        #expect(bodies.heldBytes == 100)
        #expect(bodies.bodies(of: "r19999") != nil)
        #expect(bodies.bodies(of: "r19994") == nil)
    }

    @Test func atMostCapacityExchanges_keepBodies_evenUnderTheBudget() {
        let bodies = RequestBodies(budget: 1_000_000, maxBodyBytes: 100, capacity: 3)
        for i in 0..<10 { bodies.keep(requestID: "r\(i)", request: Self.bytes(10), response: Self.bytes(10)) }
        #expect(bodies.heldBytes == 60)
        #expect((7..<10).allSatisfy { bodies.bodies(of: "r\($0)") != nil })
        #expect(bodies.bodies(of: "r6") == nil)
        bodies.clear()
        #expect(bodies.heldBytes == 0 && bodies.bodies(of: "r9") == nil)
        bodies.keep(requestID: "again", request: Self.bytes(1), response: Self.bytes(1))
        #expect(bodies.bodies(of: "again")?.bytes == 2)
    }
}
