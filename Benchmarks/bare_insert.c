/*
 * The ingest baseline of `make bench`: SQLite's rate for a bare prepared-statement insert loop of
 * the same rows `ingest` stores, into a table with the same columns and a unique eventId index.
 *
 *   ses-metrics-emulator generate ... | bare_insert DB
 *
 * Phase 1 (untimed) reads the generator's NDJSON from stdin into memory; a minimal scanner that
 * knows the generator's output (flat objects, no escapes), not a JSON parser. Phase 2 (timed) is
 * one transaction: BEGIN, one prepared INSERT per row (12 bound columns), COMMIT, with the
 * pragmas `ingest` uses for a load into an empty file (rollback journal, synchronous=FULL,
 * 64 MiB cache): SQLite's best rate for this load, so the ratio flatters neither side.
 * Prints one JSON line.
 */
#define _GNU_SOURCE
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct {
    const char *event_id, *type, *identity, *cset, *isp, *message_id;
    int64_t ts_ms;
    int recipients;
    unsigned char sim, supp, open, click;
} Row;

static char *arena;
static size_t arena_used, arena_cap;

static const char *keep(const char *s, size_t n) {
    if (arena_used + n + 1 > arena_cap) {
        arena_cap = 64u << 20;
        arena = malloc(arena_cap);
        if (!arena) { perror("malloc"); exit(1); }
        arena_used = 0;
    }
    char *p = arena + arena_used;
    memcpy(p, s, n);
    p[n] = 0;
    arena_used += n + 1;
    return p;
}

/* Small repeated values (types, identities, ISPs) are shared. */
static const char *interned[256];
static const char *intern(const char *s, size_t n) {
    for (int i = 0; i < 256 && interned[i]; i++)
        if (strlen(interned[i]) == n && memcmp(interned[i], s, n) == 0) return interned[i];
    for (int i = 0; i < 256; i++)
        if (!interned[i]) return interned[i] = keep(s, n);
    return keep(s, n);
}

static int64_t parse_ts(const char *s, size_t n) {
    if (n >= 20 && s[4] == '-') {
        struct tm tm = {0};
        tm.tm_year = atoi(s) - 1900; tm.tm_mon = atoi(s + 5) - 1; tm.tm_mday = atoi(s + 8);
        tm.tm_hour = atoi(s + 11); tm.tm_min = atoi(s + 14); tm.tm_sec = atoi(s + 17);
        return (int64_t)timegm(&tm) * 1000;
    }
    return (int64_t)(atof(s) * 1000);
}

static int parse_line(char *p, char *end, Row *r) {
    memset(r, 0, sizeof *r);
    r->recipients = 1;
    while (p < end) {
        char *k = memchr(p, '"', end - p);
        if (!k) break;
        char *ke = memchr(k + 1, '"', end - k - 1);
        if (!ke || ke + 2 > end) return -1;
        size_t kn = ke - k - 1;
        char *v = ke + 2; /* after ": */
        const char *vs; size_t vn;
        char *next;
        if (*v == '"') {
            vs = v + 1;
            char *ve = memchr(vs, '"', end - vs);
            if (!ve) return -1;
            vn = ve - vs;
            next = ve + 1;
        } else {
            vs = v;
            next = v;
            while (next < end && *next != ',' && *next != '}') next++;
            vn = next - v;
        }
#define KEY(s) (kn == sizeof(s) - 1 && memcmp(k + 1, s, kn) == 0)
        if (KEY("eventId")) r->event_id = keep(vs, vn);
        else if (KEY("type")) r->type = intern(vs, vn);
        else if (KEY("timestamp")) r->ts_ms = parse_ts(vs, vn);
        else if (KEY("emailIdentity")) r->identity = intern(vs, vn);
        else if (KEY("configurationSet")) r->cset = (vn == 4 && memcmp(vs, "null", 4) == 0) ? NULL : intern(vs, vn);
        else if (KEY("isp")) r->isp = intern(vs, vn);
        else if (KEY("messageId")) r->message_id = keep(vs, vn);
        else if (KEY("recipientCount")) r->recipients = atoi(vs);
        else if (KEY("mailboxSimulator")) r->sim = *vs == 't';
        else if (KEY("suppressionList")) r->supp = *vs == 't';
        else if (KEY("openTracking")) r->open = *vs == 't';
        else if (KEY("clickTracking")) r->click = *vs == 't';
#undef KEY
        p = next + 1;
    }
    return r->type && r->identity && r->isp ? 0 : -1;
}

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void check(int rc, sqlite3 *db, const char *what) {
    if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
        fprintf(stderr, "bare_insert: %s: %s\n", what, sqlite3_errmsg(db));
        exit(1);
    }
}

int main(int argc, char **argv) {
    if (argc != 2) { fprintf(stderr, "usage: generate ... | bare_insert DB\n"); return 64; }
    size_t cap = 1 << 20, n = 0;
    Row *rows = malloc(cap * sizeof *rows);
    char *line = NULL; size_t lcap = 0; ssize_t len;
    double t0 = now();
    while ((len = getline(&line, &lcap, stdin)) > 0) {
        if (n == cap) { cap *= 2; rows = realloc(rows, cap * sizeof *rows); }
        if (parse_line(line, line + len, &rows[n]) == 0) n++;
    }
    double t1 = now();

    sqlite3 *db;
    check(sqlite3_open(argv[1], &db), db, "open");
    check(sqlite3_exec(db,
        "PRAGMA journal_mode = DELETE; PRAGMA synchronous = FULL; PRAGMA cache_size = -65536;"
        "PRAGMA temp_store = MEMORY;"
        "CREATE TABLE IF NOT EXISTS events (id INTEGER PRIMARY KEY, event_id TEXT, type TEXT NOT NULL,"
        " timestamp_ms INTEGER NOT NULL, email_identity TEXT NOT NULL, configuration_set TEXT,"
        " isp TEXT NOT NULL, message_id TEXT, recipient_count INTEGER NOT NULL DEFAULT 1,"
        " mailbox_simulator INTEGER NOT NULL DEFAULT 0, suppression_list INTEGER NOT NULL DEFAULT 0,"
        " open_tracking INTEGER NOT NULL DEFAULT 0, click_tracking INTEGER NOT NULL DEFAULT 0);"
        "CREATE UNIQUE INDEX IF NOT EXISTS events_event_id ON events(event_id);",
        NULL, NULL, NULL), db, "schema");
    sqlite3_stmt *st;
    check(sqlite3_prepare_v2(db,
        "INSERT INTO events (event_id, type, timestamp_ms, email_identity, configuration_set, isp,"
        " message_id, recipient_count, mailbox_simulator, suppression_list, open_tracking, click_tracking)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)", -1, &st, NULL), db, "prepare");

    double t2 = now();
    check(sqlite3_exec(db, "BEGIN", NULL, NULL, NULL), db, "begin");
    for (size_t i = 0; i < n; i++) {
        Row *r = &rows[i];
        if (r->event_id) sqlite3_bind_text(st, 1, r->event_id, -1, SQLITE_STATIC); else sqlite3_bind_null(st, 1);
        sqlite3_bind_text(st, 2, r->type, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 3, r->ts_ms);
        sqlite3_bind_text(st, 4, r->identity, -1, SQLITE_STATIC);
        if (r->cset) sqlite3_bind_text(st, 5, r->cset, -1, SQLITE_STATIC); else sqlite3_bind_null(st, 5);
        sqlite3_bind_text(st, 6, r->isp, -1, SQLITE_STATIC);
        if (r->message_id) sqlite3_bind_text(st, 7, r->message_id, -1, SQLITE_STATIC); else sqlite3_bind_null(st, 7);
        sqlite3_bind_int(st, 8, r->recipients);
        sqlite3_bind_int(st, 9, r->sim);
        sqlite3_bind_int(st, 10, r->supp);
        sqlite3_bind_int(st, 11, r->open);
        sqlite3_bind_int(st, 12, r->click);
        check(sqlite3_step(st), db, "insert");
        sqlite3_reset(st);
    }
    check(sqlite3_exec(db, "COMMIT", NULL, NULL, NULL), db, "commit");
    double t3 = now();
    sqlite3_finalize(st);
    sqlite3_close(db);
    printf("{\"rows\":%zu,\"load_s\":%.3f,\"insert_s\":%.3f,\"rows_per_s\":%.0f}\n",
           n, t1 - t0, t3 - t2, n / (t3 - t2));
    return 0;
}
