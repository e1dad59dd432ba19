/// How the process's heap is kept: glibc's malloc, tuned for a long-running server.
public enum Memory {
    /// glibc raises its mmap threshold each time a large block is freed (up to 32 MiB), after which
    /// large short-lived buffers (an answer, a parsed ingest body) come from the heap and their
    /// pages stay resident behind later allocations: RSS drifts up under a varied load. A fixed
    /// threshold keeps every block of `mmapThresholdKiB` or more in its own mapping, returned at
    /// free; at most `arenas` arenas bound the memory each thread keeps for reuse.
    public static func configureForServer(mmapThresholdKiB: Int = 128, arenas: Int = 2) {
        #if canImport(Glibc)
        _ = glibcMallopt(-3 /* M_MMAP_THRESHOLD */, Int32(mmapThresholdKiB * 1024))
        _ = glibcMallopt(-8 /* M_ARENA_MAX */, Int32(arenas))
        #endif
    }

    /// Hands freed heap pages back to the kernel, for the moment most of the heap just became
    /// garbage (a reset): glibc otherwise keeps them for reuse and RSS stays at its peak.
    public static func returnFreedPages() {
        #if canImport(Glibc)
        _ = glibcMallocTrim(0)
        #endif
    }
}

#if canImport(Glibc)
// <malloc.h> is not in Swift's Glibc module; these are glibc's `int mallopt(int, int)` and
// `int malloc_trim(size_t)`.
@_silgen_name("mallopt")
private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32
@_silgen_name("malloc_trim")
private func glibcMallocTrim(_ pad: Int) -> Int32
#endif
