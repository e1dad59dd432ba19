# The README's two commands: `make run` and `make test`.
SWIFT       ?= swift
HOST        ?= 127.0.0.1
PORT        ?= 4579
RELEASE_BIN := .build/release/ses-metrics-emulator
DEBUG_BIN   := .build/debug/ses-metrics-emulator
PYTEST      ?= python3 -m pytest

.PHONY: build build-debug run test unit-test e2e-test clean bench bench-smoke docker-test

build:
	$(SWIFT) build -c release

build-debug:
	$(SWIFT) build

run: build
	$(RELEASE_BIN) serve --host $(HOST) --port $(PORT) --seed-data seed-data --seed-shift-to-today

# Unit tests, then the end-to-end suite against the debug binary built by the same build.
test: build-debug
	$(SWIFT) test
	SES_EMULATOR_BIN=$(abspath $(DEBUG_BIN)) $(PYTEST) -q Tests/e2e

# Performance, side by side with nginx and moto_server in the same run (issue 6; ~10-15 min):
# prints the table and writes Benchmarks/results.md. bench-smoke is the same harness in a tiny
# mode (< 1 min, no speed assertions) so it cannot rot; it fails if any step of it is broken.
PYTHON      ?= python3
bench: build
	$(PYTHON) Benchmarks/bench.py --bin $(RELEASE_BIN)

bench-smoke: build
	$(PYTHON) Benchmarks/bench.py --bin $(RELEASE_BIN) --smoke

# docker/Dockerfile and the compose example in real containers (podman; see docker/test.sh), bounded.
docker-test:
	timeout --kill-after=60 2700 docker/test.sh

clean:
	rm -rf .build
