# The README's two commands: `make run` and `make test`.
SWIFT       ?= swift
HOST        ?= 127.0.0.1
PORT        ?= 4579
RELEASE_BIN := .build/release/ses-metrics-emulator
DEBUG_BIN   := .build/debug/ses-metrics-emulator
PYTEST      ?= python3 -m pytest
PYTHON      ?= python3

.PHONY: build build-debug run test clean bench bench-smoke docker-test fuzz check-long

build:
	$(SWIFT) build -c release

build-debug:
	$(SWIFT) build

run: build
	$(RELEASE_BIN) serve --host $(HOST) --port $(PORT) --seed-data seed-data --seed-shift-to-today

# Unit tests, the end-to-end suite against the debug binary built by the same build, then the
# benchmark harness in smoke mode (no speed assertions; the debug binary is enough to keep it working).
test: build-debug
	$(SWIFT) test
	SES_EMULATOR_BIN=$(abspath $(DEBUG_BIN)) $(PYTEST) -q Tests/e2e
	$(PYTHON) Benchmarks/bench.py --bin $(DEBUG_BIN) --smoke

# Performance, side by side with nginx and moto_server in the same run (~10-15 min):
# prints the table and writes Benchmarks/results.md. bench-smoke is the same harness in a tiny
# mode (< 1 min, no speed assertions) so it cannot rot; it fails if any step of it is broken.
bench: build
	$(PYTHON) Benchmarks/bench.py --bin $(RELEASE_BIN)

bench-smoke: build
	$(PYTHON) Benchmarks/bench.py --bin $(RELEASE_BIN) --smoke

# docker/Dockerfile and the compose example in real containers (podman; see docker/test.sh), bounded.
docker-test:
	timeout --kill-after=60 2700 docker/test.sh

# libFuzzer targets: the HTTP request parser (whole vs. split input) and the
# BatchGetMetricData decoder + validator, each run FUZZ_SECONDS (600) from the seed corpus in
# Fuzz/corpus. Builds with swiftc into Fuzz/.build. See README "Reliability".
FUZZ_SECONDS ?= 600
fuzz:
	Fuzz/build.sh
	FUZZ_SECONDS=$(FUZZ_SECONDS) Fuzz/run.sh

# The long checks CI need not run (~10 min): 60 s per fuzz target, 50 SIGKILL crash-safety rounds,
# the hostile-client suite at full size.
check-long: build-debug
	$(MAKE) fuzz FUZZ_SECONDS=60
	CRASH_ROUNDS=50 SES_EMULATOR_BIN=$(abspath $(DEBUG_BIN)) $(PYTEST) -q Tests/e2e/test_crash_safety.py
	HOSTILE_FULL=1 HOSTILE_RESULTS=Tests/e2e/hostile-results.md SES_EMULATOR_BIN=$(abspath $(DEBUG_BIN)) \
		$(PYTEST) -q Tests/e2e/test_hostile_clients.py Tests/e2e/test_smuggling.py

clean:
	rm -rf .build
