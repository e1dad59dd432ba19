"""serve's configuration and start-up diagnostics: both spellings of negatable variables, unknown
variables, --credentials without --auth, a locked database, the start-up log, healthcheck --host."""
from __future__ import annotations

import re
import sqlite3
import subprocess
import threading
import time

import pytest

from recount import DAY, epoch_day
from support import START_TIMEOUT, Server, http_request, run_cli, write_ndjson
from test_cli import START, send_series, small_events


def control_api_status(srv: Server) -> int:
    return http_request(srv.port, "GET", "/_emulator/requests").status


# ---------------------------------------------------------------- negatable flags, both spellings


@pytest.mark.parametrize("env", [{"SES_EMULATOR_NO_CONTROL_API": "true"}, {"SES_EMULATOR_NO_CONTROL_API": "1"},
                                 {"SES_EMULATOR_CONTROL_API": "false"},
                                 {"SES_EMULATOR_CONTROL_API": "0", "SES_EMULATOR_NO_CONTROL_API": "true"}],
                         ids=["no-true", "no-1", "positive-false", "agreeing-pair"])
def test_control_api_locked_by_either_spelling(start_server, env):
    srv = start_server(["--port", "0"], env=env)
    assert control_api_status(srv) == 404
    assert srv.health()["status"] == "ready"  # health stays


def test_no_control_api_false_keeps_it_and_the_flag_wins(start_server):
    assert control_api_status(start_server(["--port", "0"], env={"SES_EMULATOR_NO_CONTROL_API": "false"})) == 200
    flagged = start_server(["--port", "0", "--control-api"], env={"SES_EMULATOR_NO_CONTROL_API": "true"})
    assert control_api_status(flagged) == 200


def test_no_zero_fill_and_no_seed_shift_variables(start_server, tmp_path):
    import datetime as dt
    seed = tmp_path / "seed.ndjson"
    write_ndjson(seed, small_events())  # days 2026-09-01 and 2026-09-03
    zero = start_server(["--port", "0", "--seed-data", str(seed)], env={"SES_EMULATOR_NO_ZERO_FILL": "false"})
    assert send_series(zero.url, end=START + 3 * DAY) == [(START, 1), (START + DAY, 0), (START + 2 * DAY, 1)]
    plain = start_server(["--port", "0", "--seed-data", str(seed)], env={"SES_EMULATOR_ZERO_FILL": "true",
                                                                         "SES_EMULATOR_NO_ZERO_FILL": "0"})
    assert send_series(plain.url, end=START + 3 * DAY) == [(START, 1), (START + DAY, 0), (START + 2 * DAY, 1)]
    shifted = start_server(["--port", "0", "--seed-data", str(seed)],
                           env={"SES_EMULATOR_NO_SEED_SHIFT_TO_TODAY": "false"})
    yesterday = epoch_day(dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d")) - DAY
    assert send_series(shifted.url, start=yesterday - 10 * DAY, end=yesterday + DAY) == \
        [(yesterday - 2 * DAY, 1), (yesterday, 1)]


@pytest.mark.parametrize("env", [
    {"SES_EMULATOR_CONTROL_API": "true", "SES_EMULATOR_NO_CONTROL_API": "true"},
    {"SES_EMULATOR_CONTROL_API": "0", "SES_EMULATOR_NO_CONTROL_API": "0"},
    {"SES_EMULATOR_ZERO_FILL": "1", "SES_EMULATOR_NO_ZERO_FILL": "true"},
    {"SES_EMULATOR_SEED_SHIFT_TO_TODAY": "false", "SES_EMULATOR_NO_SEED_SHIFT_TO_TODAY": "false"},
], ids=["control-api-on-and-off", "control-api-off-and-on", "zero-fill", "seed-shift"])
def test_conflicting_pair_is_a_usage_error(env):
    result = run_cli(["serve", "--port", "0"], timeout=20, env=env)
    assert result.returncode == 64, result
    stderr = result.stderr.decode()
    for name in env:
        assert name in stderr, stderr
    assert b"listening" not in result.stdout


# ---------------------------------------------------------------- variables that name no option


@pytest.mark.parametrize("name,closest", [
    ("SES_EMULATOR_PROT", "SES_EMULATOR_PORT (--port)"),
    ("SES_EMULATOR_NO_CONTROL", "SES_EMULATOR_NO_CONTROL_API (--no-control-api)"),
    ("SES_EMULATOR_SEED_DATA_DIR", "SES_EMULATOR_SEED_DATA (--seed-data)"),
    ("SES_EMULATOR_RATELIMIT", "SES_EMULATOR_RATE_LIMIT (--rate-limit)"),
])
def test_unknown_variable_is_a_usage_error_naming_the_closest(name, closest):
    result = run_cli(["serve", "--port", "0"], timeout=20, env={name: "1"})
    assert result.returncode == 64, result
    stderr = result.stderr.decode()
    assert f"{name} names no serve option. Did you mean {closest}?" in stderr, stderr
    assert b"listening" not in result.stdout


def test_empty_unknown_variable_and_tooling_variables_are_ignored(start_server, emulator_bin):
    srv = start_server(["--port", "0"], env={"SES_EMULATOR_PROT": "", "SES_EMULATOR_BIN": emulator_bin,
                                             "SES_EMULATOR_PUBLISHED_PORT": "4579"})
    assert srv.health()["events"] == 0


# ---------------------------------------------------------------- --credentials without --auth sigv4


@pytest.mark.parametrize("args,env", [
    (["--credentials", "CREDS"], None),
    (["--credentials", "CREDS", "--auth", "none"], None),
    ([], {"SES_EMULATOR_CREDENTIALS": "CREDS"}),
], ids=["flag", "auth-none", "environment"])
def test_credentials_without_sigv4_is_a_usage_error(tmp_path, args, env):
    creds = tmp_path / "creds.json"
    creds.write_text('{"AKIDEXAMPLE": "secret"}')
    args = [str(creds) if a == "CREDS" else a for a in args]
    env = {k: str(creds) for k in env} if env else None
    result = run_cli(["serve", "--port", "0", *args], timeout=20, env=env)
    assert result.returncode == 64, result
    assert "--credentials is only read with --auth sigv4" in result.stderr.decode(), result.stderr
    assert b"listening" not in result.stdout


# ---------------------------------------------------------------- a database another process is loading


def hold_lock(path, seconds: float, locked: threading.Event):
    """What an `ingest` into an empty file does: a rollback journal and a write transaction."""
    conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("CREATE TABLE loading (x)")
    locked.set()
    time.sleep(seconds)
    conn.execute("ROLLBACK")
    conn.close()


def test_serve_waits_for_a_lock_released_in_time(start_server, tmp_path):
    db = tmp_path / "loading.sqlite"
    locked = threading.Event()
    holder = threading.Thread(target=hold_lock, args=(db, 2.0, locked))
    holder.start()
    try:
        assert locked.wait(10)
        began = time.monotonic()
        srv = start_server(["--port", "0", "--database", str(db)])
        assert time.monotonic() - began > 1.0, "serve did not wait for the lock"
        assert srv.health()["events"] == 0
    finally:
        holder.join()


def test_serve_on_a_database_locked_too_long_exits_2_naming_the_cause(tmp_path):
    db = tmp_path / "loading.sqlite"
    locked = threading.Event()
    holder = threading.Thread(target=hold_lock, args=(db, 8.0, locked))
    holder.start()
    try:
        assert locked.wait(10)
        began = time.monotonic()
        result = run_cli(["serve", "--port", "0", "--database", str(db)], timeout=START_TIMEOUT)
        waited = time.monotonic() - began
    finally:
        holder.join()
    assert result.returncode == 2, result
    stderr = result.stderr.decode()
    assert 4.5 < waited < 7.5, waited
    assert stderr == (f"ses-metrics-emulator: error: cannot open the metrics store at {db}: another process holds "
                      "the file locked (an ingest loading it, most likely); gave up after 5 s\n"), stderr
    assert b"listening" not in result.stdout


# ---------------------------------------------------------------- the start-up log


def test_seed_skipped_on_a_database_with_events_logs_count_and_range(start_server, tmp_path):
    db = tmp_path / "kept.sqlite"
    seed = tmp_path / "seed.ndjson"
    write_ndjson(seed, small_events())
    first = start_server(["--port", "0", "--database", str(db), "--seed-data", str(seed)])
    log = first.wait_for_stderr("data: ")
    assert f"INFO serving {db}; 4 seed events loaded\n" in log, log
    assert "INFO data: 4 events, 2026-09-01 to 2026-09-03 (UTC); identities 1, configuration sets 1, ISPs 2\n" in log
    first.stop(check=True)
    second = start_server(["--port", "0", "--database", str(db), "--seed-data", str(seed)])
    log = second.wait_for_stderr("data: ")
    assert f"INFO serving {db}; seed data skipped: the database already holds 4 events\n" in log, log
    assert "INFO data: 4 events, 2026-09-01 to 2026-09-03 (UTC)" in log, log
    assert "0 seed events loaded" not in log


def test_empty_database_logs_no_range(start_server):
    log = start_server(["--port", "0"]).wait_for_stderr("data: ")
    assert re.search(r"INFO serving \S+\.sqlite\n", log), log
    assert "INFO data: 0 events\n" in log, log


def test_empty_seed_folder_warns(start_server, tmp_path):
    folder = tmp_path / "seeds"
    folder.mkdir()
    (folder / "notes.txt").write_text("not events\n")
    srv = start_server(["--port", "0", "--seed-data", str(folder)])
    assert f"WARNING --seed-data {folder} holds no *.ndjson files; no seed data\n" in srv.wait_for_stderr("WARNING")
    assert srv.health()["events"] == 0


# ---------------------------------------------------------------- healthcheck --host


def test_healthcheck_host_for_a_server_bound_elsewhere(start_server):
    srv = start_server(["--host", "127.0.0.2", "--port", "0"])
    assert srv.host == "127.0.0.2"
    port = str(srv.port)
    by_flag = run_cli(["healthcheck", "--host", "127.0.0.2", "--port", port], timeout=20)
    assert by_flag.returncode == 0, by_flag
    assert by_flag.stdout == b"healthy\n"
    by_env = run_cli(["healthcheck"], timeout=20, env={"SES_EMULATOR_HOST": "127.0.0.2", "SES_EMULATOR_PORT": port})
    assert by_env.returncode == 0, by_env
    flag_wins = run_cli(["healthcheck", "--host", "127.0.0.2", "--port", port], timeout=20,
                        env={"SES_EMULATOR_HOST": "127.0.0.3"})
    assert flag_wins.returncode == 0, flag_wins
    default = run_cli(["healthcheck", "--port", port, "--timeout", "2"], timeout=20)
    assert default.returncode == 1, default
    assert f"GET http://127.0.0.1:{port}/_emulator/health" in default.stderr.decode(), default.stderr


def test_healthcheck_asks_a_wildcard_server_on_loopback(start_server):
    srv = start_server(["--port", "0"])
    result = run_cli(["healthcheck", "--host", "0.0.0.0", "--port", str(srv.port)], timeout=20)
    assert result.returncode == 0, result


def test_healthcheck_bad_host_is_a_usage_error():
    result = run_cli(["healthcheck", "--host", "not-an-address"], timeout=20)
    assert result.returncode == 64, result
    assert "not-an-address" in result.stderr.decode(), result.stderr


# ---------------------------------------------------------------- defaults come from one place


def test_help_defaults_match_the_configuration_page():
    """serve --help names the library's defaults; docs/configuration.md's table must say the same."""
    from pathlib import Path
    help_text = " ".join(run_cli(["serve", "--help"], timeout=20).stdout.decode().split())
    page = (Path(__file__).resolve().parents[2] / "docs" / "configuration.md").read_text()
    rows = dict(re.findall(r"^\| `(--[a-z-]+)[^`]*` \| `([^`]+)` \|", page, re.M))
    for flag in ["--port", "--max-range-days", "--max-header-bytes", "--max-body-bytes", "--max-connections",
                 "--handler-threads", "--rate-limit", "--request-log-size", "--max-events-body-bytes", "--log-level",
                 "--log-format", "--auth", "--export-delay"]:
        assert flag in rows, flag
        section = re.search(rf"{flag} <[^>]*> (.*?)(?= --[a-z-]+(?: <|/--no-)| -h, --help)", help_text).group(1)
        assert f"(default {rows[flag]}" in section, (flag, rows[flag], section)


def test_every_serve_option_is_on_the_configuration_page_and_the_readme_names_real_ones():
    """docs/configuration.md has a row for every option serve --help lists (a negatable one in either
    spelling); the README's short table names real options with their variables."""
    from pathlib import Path
    root = Path(__file__).resolve().parents[2]
    help_text = run_cli(["serve", "--help"], timeout=20).stdout.decode()
    options = re.findall(r"^  (--[a-z][a-z0-9-]*)(?:/(--no-[a-z0-9-]+))?", help_text, re.M)
    options = [(flag, negated) for flag, negated in options if flag != "--version"]
    page = (root / "docs" / "configuration.md").read_text()
    documented = set(re.findall(r"^\| `(--[a-z][a-z0-9-]*)", page, re.M))
    documented |= set(re.findall(r"^\| `--[a-z-]+[^`]*` / `(--[a-z][a-z0-9-]*)", page, re.M))
    missing = [flag for flag, negated in options if flag not in documented and negated not in documented]
    assert len(options) > 30 and not missing, missing
    readme = (root / "README.md").read_text()
    rows = re.findall(r"^\| `(--[a-z-]+)[^`|]*` \| `(SES_EMULATOR_[A-Z_]+)`", readme, re.M)
    assert len(rows) >= 5, rows
    for flag, variable in rows:
        assert any(flag == f for f, _ in options), flag
        assert variable == "SES_EMULATOR_" + flag[2:].upper().replace("-", "_"), (flag, variable)
