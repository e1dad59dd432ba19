#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A bounded hand-off from one producer thread to one consumer (decoding and inserting a bulk
/// load, say), so the two can use two cores. The producer blocks when `capacity` items wait;
/// either side can stop the other: the producer with an error or the end, the consumer by cancelling.
package final class BlockingQueue<Element>: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let changed = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var batches: [Element?] = []
    private var head = 0
    private var finished = false
    private var failure: (any Error)?
    private var cancelled = false
    private let capacity: Int

    package init(capacity: Int = 8) {
        self.capacity = capacity
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(changed, nil)
    }

    deinit {
        pthread_cond_destroy(changed)
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
        changed.deallocate()
    }

    private func locked<T>(_ body: () -> T) -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return body()
    }

    /// Producer: hands over an item; false when the consumer has cancelled (stop producing).
    package func put(_ batch: Element) -> Bool {
        locked {
            while batches.count - head >= capacity && !cancelled { pthread_cond_wait(changed, mutex) }
            if cancelled { return false }
            batches.append(batch)
            pthread_cond_broadcast(changed)
            return true
        }
    }

    /// Producer: no more batches; `error` if production failed.
    package func finish(error: (any Error)? = nil) {
        locked {
            finished = true
            failure = error
            pthread_cond_broadcast(changed)
        }
    }

    /// Consumer: the next item, nil at the end; rethrows the producer's error.
    package func take() throws -> Element? {
        let result: Result<Element?, any Error> = locked {
            while head == batches.count && !finished { pthread_cond_wait(changed, mutex) }
            if head < batches.count {
                let b = batches[head]
                batches[head] = nil
                head += 1
                if head > 64 && head * 2 > batches.count {
                    batches.removeFirst(head)
                    head = 0
                }
                pthread_cond_broadcast(changed)
                return .success(b!)
            }
            if let failure { return .failure(failure) }
            return .success(nil)
        }
        return try result.get()
    }

    /// Consumer: stop the producer (it sees `put` return false).
    package func cancel() {
        locked {
            cancelled = true
            pthread_cond_broadcast(changed)
        }
    }

    /// Blocks until the producer has called finish (after a cancel, so its thread is done with
    /// the inputs before the caller closes them).
    package func waitUntilFinished() {
        locked {
            while !finished { pthread_cond_wait(changed, mutex) }
        }
    }
}
