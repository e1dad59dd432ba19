#!/bin/sh
# Runs each fuzz target for FUZZ_SECONDS (default 600), one after the other, starting from the seed
# corpus in git (Fuzz/corpus/<target>) plus what earlier runs found (Fuzz/.build/corpus/<target>,
# not in git). Exits non-zero on the first crash, sanitizer report, timeout or whole/split
# disagreement; the reproducer is left in Fuzz/.build/artifacts/. A summary line per target goes
# to Fuzz/.build/last-run.txt. Reproduce one: Fuzz/.build/bin/<Target> Fuzz/.build/artifacts/<file>
set -eu
cd "$(dirname "$0")/.build"
SECONDS_EACH=${FUZZ_SECONDS:-600}
# Leak detection stays on: the Swift runtime has not been reported by it here.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
mkdir -p artifacts
: > last-run.txt
for pair in FuzzHTTPParser:http-parser FuzzBatchRequest:batch-request; do
    target=${pair%%:*}
    corpus=${pair#*:}
    mkdir -p "corpus/$corpus"
    echo "== $target for ${SECONDS_EACH}s"
    status=0
    ./bin/"$target" -max_total_time="$SECONDS_EACH" -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix=artifacts/ "corpus/$corpus" "../corpus/$corpus" \
        > "$target.log" 2>&1 || status=$?
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$target.log" | grep -o '[0-9]*$' || echo "?")
    files=$(ls "corpus/$corpus" | wc -l)
    echo "$target: ${SECONDS_EACH}s, $runs executions, exit $status, corpus $files files ($(du -sk "corpus/$corpus" | cut -f1) KiB)" | tee -a last-run.txt
    if [ "$status" -ne 0 ]; then
        grep -v '^#\|^INFO\|Uses:' "$target.log" | tail -40
        exit "$status"
    fi
done
