"""Fixtures for the end-to-end suite: the real binary, started on port 0, stopped by pid.

SES_EMULATOR_BIN must name the built binary (the Makefile passes the debug build); this suite
builds nothing.
"""
from __future__ import annotations

import json

import pytest

from recount import load_ndjson
from support import (CONFIG_SETS, DAILY_SENDS, TENANTS, GEN_DAYS, GEN_SEED, GEN_START, IDENTITIES, DataSet, Server,
                     binary_path, edge_events, make_client, run_cli)

@pytest.fixture(scope="session")
def emulator_bin() -> str:
    return binary_path()


@pytest.fixture
def start_server(tmp_path):
    """Factory: start_server(args, env=None) -> Server; every server is stopped at teardown."""
    started: list[Server] = []

    def start(args: list[str], env: dict[str, str] | None = None) -> Server:
        server = Server(args, env=env)
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop(check=False)
@pytest.fixture(scope="session")
def generate_args() -> list[str]:
    return ["generate", "--seed", str(GEN_SEED), "--start", GEN_START, "--days", str(GEN_DAYS),
            "--identities", ",".join(IDENTITIES), "--configuration-sets", ",".join(CONFIG_SETS),
            "--daily-sends", str(DAILY_SENDS), "--tenants", ",".join(TENANTS)]


@pytest.fixture(scope="session")
def dataset(tmp_path_factory, generate_args) -> DataSet:
    """`generate` output followed by edge_events(), in one NDJSON file, and its recount."""
    folder = tmp_path_factory.mktemp("data")
    generated = folder / "generated.ndjson"
    result = run_cli([*generate_args, "--output", str(generated)], timeout=120)
    assert result.returncode == 0, f"generate failed ({result.returncode}): {result.stderr.decode(errors='replace')}"
    events = load_ndjson(generated)
    assert len(events) > 1000, f"generate produced only {len(events)} events"
    combined = folder / "seed.ndjson"
    extra = edge_events()
    combined.write_bytes(generated.read_bytes() + "".join(json.dumps(e) + "\n" for e in extra).encode())
    return DataSet(combined, events + extra, len(events))


@pytest.fixture(scope="session")
def server(dataset):
    # Quotas off: these servers answer the whole matrix at full speed (test_control_api.py tests quotas).
    srv = Server(["--host", "127.0.0.1", "--port", "0", "--seed-data", str(dataset.path),
                  "--rate-limit", "off"])
    yield srv
    srv.stop(check=True)


@pytest.fixture(scope="session")
def zero_fill_server(dataset):
    srv = Server(["--host", "127.0.0.1", "--port", "0", "--seed-data", str(dataset.path),
                  "--rate-limit", "off", "--zero-fill", "--max-range-days", "1096"])
    yield srv
    srv.stop(check=True)
@pytest.fixture(scope="session")
def client(server):
    return make_client(server.url)


@pytest.fixture(scope="session")
def raw_client(server):
    """A boto3 client without botocore's own parameter validation, so the server sees bad input."""
    return make_client(server.url, validate=False)


def pytest_sessionstart(session):
    binary_path()  # fail at once, with a clear message, when SES_EMULATOR_BIN is missing or wrong
