#if canImport(Glibc)
import Glibc
#endif
import CSQLite
import Synchronization

/// What the database looked like at one moment, as far as commits go: equal stamps mean no
/// transaction committed in between, by this process or any other.
public struct ChangeStamp: Equatable, Sendable {
    fileprivate let words: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)

    public static func == (a: ChangeStamp, b: ChangeStamp) -> Bool {
        a.words.0 == b.words.0 && a.words.1 == b.words.1 && a.words.2 == b.words.2
            && a.words.3 == b.words.3 && a.words.4 == b.words.4 && a.words.5 == b.words.5
    }
}

/// Reads the WAL-index header in the database's `-shm` file (sqlite.org/walformat.html, §2.2.1):
/// 48 bytes every commit rewrites, in any process (its `iChange` counter, `mxFrame`, salts and
/// checksums). Comparing two reads tells whether anything committed in between without a SQLite
/// call or a system call, so an event-loop thread may ask (it must never run SQLite).
///
/// A read that races a commit sees a mix of old and new bytes: unequal to the old stamp, so it
/// only costs a cache miss; a read that sees no new byte happened before the commit finished.
final class WALIndexWatch: @unchecked Sendable {
    private static let headerBytes = 48
    private let base: UnsafeMutableRawPointer
    private let length: Int

    /// nil when the `-shm` file cannot be mapped (no WAL yet, or no shared memory): callers then
    /// never get a stamp and must not rely on one.
    init?(databasePath: String) {
        let fd = Glibc.open(databasePath + "-shm", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { Glibc.close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, Int(info.st_size) >= Self.headerBytes else { return nil }
        length = Int(sysconf(Int32(_SC_PAGESIZE)))
        guard let mapped = mmap(nil, length, PROT_READ, MAP_SHARED, fd, 0),
              mapped != UnsafeMutableRawPointer(bitPattern: -1) else { return nil }
        base = mapped
    }

    deinit { munmap(base, length) }

    /// Once the store's connections are closed, another process may truncate the file (SQLite
    /// does when it opens a `-shm` nobody else holds), and a read of the mapping would fault.
    private let mapped = Atomic<Bool>(true)

    func stop() { mapped.store(false, ordering: .releasing) }

    var stamp: ChangeStamp? {
        guard mapped.load(ordering: .acquiring) else { return nil }
        func word(_ i: Int) -> UInt64 { csqlite_load_shared_u64(base + 8 * i) }
        return ChangeStamp(words: (word(0), word(1), word(2), word(3), word(4), word(5)))
    }
}
