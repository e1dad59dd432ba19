# The README's two commands: `make run` and `make test`.
SWIFT       ?= swift
HOST        ?= 127.0.0.1
PORT        ?= 4579
RELEASE_BIN := .build/release/ses-metrics-emulator
DEBUG_BIN   := .build/debug/ses-metrics-emulator
PYTEST      ?= python3 -m pytest
PYTHON      ?= python3

# The botocore release whose sesv2 and ses models the emulator serves (Sources/AWSModel/Generated)
# and whose boto3 drives the end-to-end suite, and the older SDK generation still in use, whose
# SDK checks run too. The one place these versions are named; each gets a venv of its own
# (system packages visible, boto3 and botocore pinned), made on first use.
BOTOCORE_VERSION       := 1.44.18
OLDER_BOTOCORE_VERSION := 1.43.11
SDK_PYTHON       := .build-sdk/$(BOTOCORE_VERSION)/bin/python
OLDER_SDK_PYTHON := .build-sdk/$(OLDER_BOTOCORE_VERSION)/bin/python
# The files whose checks are run with both SDK generations.
SDK_TESTS := Tests/e2e/test_sdk_generations.py Tests/e2e/test_metrics_boto3.py Tests/e2e/test_validation_boto3.py \
             Tests/e2e/test_sending.py Tests/e2e/test_account.py Tests/e2e/test_exports.py

.PHONY: build build-debug run test clean bench bench-smoke soak docker-test fuzz check-long model sdk

build:
	$(SWIFT) build -c release

build-debug:
	$(SWIFT) build

run: build
	$(RELEASE_BIN) serve --host $(HOST) --port $(PORT) --seed-data seed-data --seed-shift-to-today

# Unit tests, the end-to-end suite against the debug binary built by the same build (with the
# pinned boto3, then its SDK checks with the older one), then the benchmark harness in smoke mode
# (no speed assertions; the debug binary is enough to keep it working).
test: build-debug sdk
	$(SWIFT) test
	SES_EMULATOR_BIN=$(abspath $(DEBUG_BIN)) SES_SDK_PINNED=1 $(SDK_PYTHON) -m pytest -q Tests/e2e
	SES_EMULATOR_BIN=$(abspath $(DEBUG_BIN)) $(OLDER_SDK_PYTHON) -m pytest -q $(SDK_TESTS)
	$(PYTHON) Benchmarks/bench.py --bin $(DEBUG_BIN) --smoke

# Regenerates Sources/AWSModel/Generated from the pinned botocore's sesv2 and ses models.
model: sdk
	$(SDK_PYTHON) Sources/AWSModel/Generator/generate.py Sources/AWSModel/Generated

sdk: .build-sdk/$(BOTOCORE_VERSION)/ready .build-sdk/$(OLDER_BOTOCORE_VERSION)/ready

.build-sdk/%/ready:
	rm -rf .build-sdk/$*
	$(PYTHON) -m venv --system-site-packages .build-sdk/$*
	.build-sdk/$*/bin/python -m pip install -q --disable-pip-version-check boto3==$* botocore==$* 2>&1 \
		| grep -v -e "dependency resolver" -e "^awscli" || true
	.build-sdk/$*/bin/python -c 'import boto3, botocore, sys; sys.exit(botocore.__version__ != "$*")'
	touch $@

# Performance, side by side with nginx and moto_server in the same run (~10-15 min):
# prints the table and writes Benchmarks/results.md. bench-smoke is the same harness in a tiny
# mode (< 1 min, no speed assertions) so it cannot rot; it fails if any step of it is broken.
bench: build
	$(PYTHON) Benchmarks/bench.py --bin $(RELEASE_BIN)

bench-smoke: build
	$(PYTHON) Benchmarks/bench.py --bin $(RELEASE_BIN) --smoke

# Everything at once on one --database file for SOAK_SECONDS (600), with a SIGKILL and restart a third
# of the way in, then a recount; RSS, descriptors, threads and p99 sampled every 10 s. Writes its
# figures to Benchmarks/results.md (see docs/reliability.md, "Soak").
SOAK_SECONDS ?= 600
soak: build
	$(PYTHON) Benchmarks/soak.py --bin $(RELEASE_BIN) --duration $(SOAK_SECONDS)

# docker/Dockerfile and the compose example in real containers (podman; see docker/test.sh), bounded.
docker-test:
	timeout --kill-after=60 2700 docker/test.sh

# libFuzzer targets: the HTTP request parser (whole vs. split input) and the
# BatchGetMetricData decoder + validator, each run FUZZ_SECONDS (600) from the seed corpus in
# Fuzz/corpus. Builds with swiftc into Fuzz/.build. See docs/reliability.md.
FUZZ_SECONDS ?= 600
fuzz:
	Fuzz/build.sh
	FUZZ_SECONDS=$(FUZZ_SECONDS) Fuzz/run.sh

# The long checks CI need not run (~13 min): 60 s per fuzz target, 50 SIGKILL crash-safety rounds,
# the hostile-client suite at full size, a 2-minute soak (its figures to .build/soak/results.md).
check-long: build-debug build
	$(MAKE) fuzz FUZZ_SECONDS=60
	$(PYTHON) Benchmarks/soak.py --bin $(RELEASE_BIN) --duration 120 --kill-at 0.15 --output .build/soak/results.md
	CRASH_ROUNDS=50 SES_EMULATOR_BIN=$(abspath $(DEBUG_BIN)) $(PYTEST) -q Tests/e2e/test_crash_safety.py
	HOSTILE_FULL=1 HOSTILE_RESULTS=Tests/e2e/hostile-results.md SES_EMULATOR_BIN=$(abspath $(DEBUG_BIN)) \
		$(PYTEST) -q Tests/e2e/test_hostile_clients.py Tests/e2e/test_smuggling.py

clean:
	rm -rf .build
