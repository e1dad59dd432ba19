#ifndef CSQLITE_SHIM_H
#define CSQLITE_SHIM_H
#include <sqlite3.h>

// SQLITE_TRANSIENT is a cast macro Swift cannot import; it tells SQLite to copy bound bytes.
static inline sqlite3_destructor_type csqlite_transient(void) { return SQLITE_TRANSIENT; }

// sqlite3_config is variadic, which Swift cannot call. Memory statistics cost a global mutex on
// every allocation; nothing here reads them. Must run before SQLite initializes (else SQLITE_MISUSE,
// harmless).
static inline int csqlite_disable_memstatus(void) { return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); }

// A load another thread or process may be storing to at the same time (the WAL-index header in
// shared memory): atomic, so it is one defined read, never a torn or hoisted one.
static inline unsigned long long csqlite_load_shared_u64(const void *address) {
    return __atomic_load_n((const unsigned long long *)address, __ATOMIC_ACQUIRE);
}
#endif
