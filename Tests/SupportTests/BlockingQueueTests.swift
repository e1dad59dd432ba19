import Dispatch
import Testing
import Support

@Suite struct BlockingQueueTests {
    @Test func itemsArriveInOrder_andTheEndIsNil() throws {
        let queue = BlockingQueue<Int>(capacity: 2)
        DispatchQueue.global().async {
            for i in 0..<100 { _ = queue.put(i) }
            queue.finish()
        }
        var seen: [Int] = []
        while let item = try queue.take() { seen.append(item) }
        #expect(seen == Array(0..<100))
    }

    @Test func theProducersError_reachesTheConsumerAfterTheItemsBeforeIt() throws {
        struct Broken: Error {}
        let queue = BlockingQueue<String>()
        _ = queue.put("a")
        queue.finish(error: Broken())
        #expect(try queue.take() == "a")
        #expect(throws: Broken.self) { try queue.take() }
    }

    @Test func cancelling_stopsABlockedProducer() {
        let queue = BlockingQueue<Int>(capacity: 1)
        let stopped = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            var i = 0
            while queue.put(i) { i += 1 }
            queue.finish()
            stopped.signal()
        }
        queue.cancel()
        #expect(stopped.wait(timeout: .now() + 5) == .success)
        queue.waitUntilFinished()
    }
}
