#!/bin/sh
# Builds the libFuzzer targets into Fuzz/.build/bin with plain swiftc: each library module the
# targets need (Support, JSON, AWSModel, HTTPServer, SigV4, MetricsStore and the four SES modules)
# compiled whole-module with -sanitize=fuzzer,address (coverage + ASan) and -enable-testing, so
# `@testable import` reaches the
# internal decoder and validator; then each target linked against those objects.
# (SwiftPM's --sanitize=fuzzer leaves library objects without coverage counters here, which blinds
# the fuzzer: hence swiftc.) Set SWIFT_BUILD_LOCK to serialise compiles with flock.
set -eu
cd "$(dirname "$0")/.."
SWIFTC=${SWIFTC:-swiftc}
OPT=${FUZZ_OPT:--O}
MOD=Fuzz/.build/modules
OUT=Fuzz/.build/bin
locked() { if [ -n "${SWIFT_BUILD_LOCK:-}" ]; then flock "$SWIFT_BUILD_LOCK" "$@"; else "$@"; fi; }
mkdir -p "$MOD" "$OUT"
FLAGS="-sanitize=fuzzer,address -package-name ses_metrics_emulator -parse-as-library -enable-testing -g $OPT -I $MOD -Xcc -fmodule-map-file=Sources/CSQLite/module.modulemap -Xcc -fmodule-map-file=Sources/CEpoll/module.modulemap"

MODULES="Support JSON AWSModel HTTPServer SigV4 MetricsStore SESWire SESDomain SESOperations SESService"
for module in $MODULES; do
    # shellcheck disable=SC2046,SC2086
    locked "$SWIFTC" $FLAGS -module-name "$module" -wmo -c -emit-module -emit-module-path "$MOD/$module.swiftmodule" \
        $(find "Sources/$module" -name '*.swift' | sort) -o "$MOD/$module.o"
done
for target in FuzzHTTPParser FuzzBatchRequest; do
    # shellcheck disable=SC2086
    locked "$SWIFTC" $FLAGS -module-name "$target" "Fuzz/Targets/$target.swift" \
        $(for module in $MODULES; do printf '%s ' "$MOD/$module.o"; done) -lsqlite3 -o "$OUT/$target" 2>&1 \
        | grep -v "Cannot export local symbol '__asan" || true
    test -x "$OUT/$target"
done
echo "built: $(ls "$OUT" | tr '\n' ' ')"
