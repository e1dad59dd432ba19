import Dispatch
import Glibc
import Synchronization
import Testing
@testable import HTTPServer

@Suite struct WorkerPoolTests {
    final class Counters: Sendable {
        let order = Mutex<[Int]>([])
        let running = Atomic<Int>(0)
        let peak = Atomic<Int>(0)
    }

    @Test func oneThread_runsJobsInSubmissionOrder() {
        let pool = WorkerPool(threads: 1)
        let counters = Counters()
        let done = DispatchSemaphore(value: 0)
        for i in 0..<100 {
            pool.submit {
                counters.order.withLock { $0.append(i) }
                if i == 99 { done.signal() }
            }
        }
        #expect((done.wait(timeout: .now() + 5)) == .success)
        #expect(counters.order.withLock { $0 } == (Array(0..<100)))
        pool.stop()
    }

    @Test func concurrency_isBoundedByTheThreadCount() {
        let pool = WorkerPool(threads: 3)
        let counters = Counters()
        let group = DispatchGroup()
        for _ in 0..<30 {
            group.enter()
            pool.submit {
                let now = counters.running.add(1, ordering: .relaxed).newValue
                var peak = counters.peak.load(ordering: .relaxed)
                while now > peak {
                    let (exchanged, original) = counters.peak.compareExchange(expected: peak, desired: now, ordering: .relaxed)
                    if exchanged { break }
                    peak = original
                }
                usleep(5_000)  // a blocking handler, like a SQLite query
                counters.running.subtract(1, ordering: .relaxed)
                group.leave()
            }
        }
        #expect((group.wait(timeout: .now() + 10)) == .success)
        #expect(counters.peak.load(ordering: .relaxed) <= 3)
        pool.stop()
    }

    @Test func stop_letsQueuedJobsFinish() {
        let pool = WorkerPool(threads: 1)
        let counters = Counters()
        let group = DispatchGroup()
        for i in 0..<10 {
            group.enter()
            pool.submit {
                usleep(1_000)
                counters.order.withLock { $0.append(i) }
                group.leave()
            }
        }
        pool.stop()
        #expect((group.wait(timeout: .now() + 5)) == .success)
        #expect(counters.order.withLock { $0.count } == 10)
    }
}
