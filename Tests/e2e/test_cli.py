"""The binary as a command: serve's options, start-up failures, signals, generate and ingest."""
from __future__ import annotations

import json
import signal
import socket
import subprocess
import time

import pytest

from recount import DAY, Recount, epoch_day, load_ndjson
from support import (START_TIMEOUT, STOP_TIMEOUT, Server, binary_path, clean_env, make_client, post_batch, query,
                     run_cli, write_ndjson)

START = epoch_day("2026-09-01")


def small_events() -> list[dict]:
    return [
        {"type": "SEND", "timestamp": "2026-09-01T10:00:00Z", "emailIdentity": "s.example", "isp": "Gmail"},
        {"type": "DELIVERY", "timestamp": "2026-09-01T10:00:05Z", "emailIdentity": "s.example", "isp": "Gmail"},
        {"type": "SEND", "timestamp": "2026-09-03T10:00:00Z", "emailIdentity": "s.example", "isp": "Hotmail",
         "configurationSet": "cs"},
        {"type": "DELIVERY", "timestamp": "2026-09-03T10:00:05Z", "emailIdentity": "s.example", "isp": "Hotmail",
         "configurationSet": "cs"},
    ]


def send_series(url: str, metric="SEND", start=START, end=START + 10 * DAY, dims=None):
    from test_metrics_boto3 import boto_query, series_of
    client = make_client(url)
    return series_of(client.batch_get_metric_data(Queries=[boto_query("s", metric, start, end, dims)])["Results"][0])


def test_version(emulator_bin, server):
    result = run_cli(["--version"], timeout=20)
    assert result.returncode == 0, result.stderr
    version = result.stdout.decode().strip()
    assert version and "\n" not in version
    assert server.health()["version"] == version


def test_listening_line_is_the_only_stdout(server):
    assert server.first_line == f"ses-metrics-emulator listening on http://127.0.0.1:{server.port}\n"
    assert server.port != 0
    time.sleep(0.2)
    assert b"".join(server.extra_stdout) == b"", "serve wrote more than the listening line to stdout"


@pytest.mark.parametrize("args,env", [
    (["serve", "--no-such-flag"], None),
    (["serve", "--port", "notanumber"], None),
    (["serve", "--port"], None),
    (["serve", "--port", "70000"], None),
    (["serve", "--log-format", "xml"], None),
    (["frobnicate"], None),
    (["serve"], {"SES_EMULATOR_ZERO_FILL": "yes"}),
    (["serve"], {"SES_EMULATOR_PORT": "abc"}),
], ids=["unknown-flag", "port-not-a-number", "port-without-value", "port-out-of-range", "log-format", "unknown-command",
        "env-bool", "env-port"])
def test_bad_option_prints_usage(args, env):
    result = run_cli(args, timeout=20, env=env)
    assert result.returncode == 64, result  # swift-argument-parser's usage status (EX_USAGE)
    text = (result.stderr + result.stdout).decode().lower()
    assert "usage" in text, text
    assert b"listening" not in result.stdout


def test_port_in_use_exits_2_naming_the_address():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen(1)
        port = holder.getsockname()[1]
        result = run_cli(["serve", "--host", "127.0.0.1", "--port", str(port)], timeout=START_TIMEOUT)
    assert result.returncode == 2, result
    # The address appears once in the message.
    assert result.stderr.decode() == \
        f"ses-metrics-emulator: error: cannot listen on 127.0.0.1:{port}: the address is already in use\n"
    assert b"listening" not in result.stdout


def test_seed_file_with_bad_line_exits_2_naming_file_and_line(tmp_path):
    path = tmp_path / "broken-seed.ndjson"
    good = small_events()
    lines = [json.dumps(good[0]), "", json.dumps(good[1]),
             json.dumps({**good[2], "recipientCount": 0}), json.dumps(good[3])]
    path.write_text("\n".join(lines) + "\n")
    result = run_cli(["serve", "--port", "0", "--seed-data", str(path)], timeout=START_TIMEOUT)
    assert result.returncode == 2, result
    stderr = result.stderr.decode()
    assert "broken-seed.ndjson:4" in stderr, stderr  # blank lines are counted
    assert "recipientCount" in stderr, stderr
    assert b"listening" not in result.stdout


@pytest.mark.parametrize("line", [
    '{"type":"SEND","timestamp":"2026-09-01T00:00:00Z","emailIdentity":"a","isp":"Gmial"}',
    '{"type":"SENT","timestamp":"2026-09-01T00:00:00Z","emailIdentity":"a","isp":"Gmail"}',
    '{"type":"SEND","timestamp":"2026-09-01T00:00:00Z","emailIdentity":"a","isp":"Gmail","colour":1}',
    '{"type":"SEND","timestamp":"yesterday","emailIdentity":"a","isp":"Gmail"}',
    '{"type":"SEND","timestamp":"2026-09-01T00:00:00Z","isp":"Gmail"}',
    'not json',
], ids=["unknown-isp", "unknown-type", "unknown-field", "bad-timestamp", "missing-identity", "not-json"])
def test_seed_file_bad_events(tmp_path, line):
    path = tmp_path / "seed.ndjson"
    path.write_text(json.dumps(small_events()[0]) + "\n" + line + "\n")
    result = run_cli(["serve", "--port", "0", "--seed-data", str(path)], timeout=START_TIMEOUT)
    assert result.returncode == 2, result
    assert "seed.ndjson:2" in result.stderr.decode(), result.stderr


def test_missing_seed_file_exits_2(tmp_path):
    path = tmp_path / "nowhere.ndjson"
    result = run_cli(["serve", "--port", "0", "--seed-data", str(path)], timeout=START_TIMEOUT)
    assert result.returncode == 2, result
    assert "nowhere.ndjson" in result.stderr.decode()


def test_sigterm_exits_0_and_frees_the_port(start_server):
    srv = start_server(["--port", "0"])
    port = srv.port
    assert srv.health()["events"] == 0
    assert srv.stop(check=True) == 0
    with socket.socket() as probe:
        probe.settimeout(2)
        assert probe.connect_ex(("127.0.0.1", port)) != 0, "still accepting after exit"


def test_sigterm_right_after_the_ready_line(emulator_bin):
    """A script that kills the server as soon as it is ready must not be ignored: the ready line
    promises that SIGTERM works (a signal lost before the handler is armed leaves the server running)."""
    outcomes = []
    for _ in range(15):
        proc = subprocess.Popen([emulator_bin, "serve", "--host", "127.0.0.1", "--port", "0"], stdout=subprocess.PIPE,
                                stderr=subprocess.DEVNULL, env=clean_env())
        try:
            line = proc.stdout.readline()
            assert line.startswith(b"ses-metrics-emulator listening on "), line
            proc.send_signal(signal.SIGTERM)
            try:
                outcomes.append(proc.wait(5))
            except subprocess.TimeoutExpired:
                outcomes.append("still running 5 s after SIGTERM")
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait(STOP_TIMEOUT)
    assert outcomes == [0] * 15, outcomes


def test_sigterm_with_an_idle_keep_alive_connection(start_server):
    srv = start_server(["--port", "0"])
    with socket.create_connection(("127.0.0.1", srv.port), timeout=5) as idle:
        idle.sendall(b"GET /_emulator/health HTTP/1.1\r\nHost: x\r\n\r\n")
        idle.recv(4096)
        started = time.monotonic()
        assert srv.stop(check=True) == 0
        assert time.monotonic() - started < STOP_TIMEOUT


def test_logs_go_to_stderr(start_server):
    srv = start_server(["--port", "0", "--log-level", "info"])
    srv.health()
    post_batch(srv.port, "{bad")
    srv.stop(check=True)
    assert b"".join(srv.extra_stdout) == b""


def test_options_from_environment(start_server, tmp_path):
    seed = tmp_path / "seed.ndjson"
    write_ndjson(seed, small_events())
    srv = start_server([], env={"SES_EMULATOR_HOST": "127.0.0.1", "SES_EMULATOR_PORT": "0",
                                "SES_EMULATOR_SEED_DATA": str(seed), "SES_EMULATOR_ZERO_FILL": "true",
                                "SES_EMULATOR_MAX_RANGE_DAYS": "5"})
    assert srv.health()["events"] == 4
    assert send_series(srv.url, end=START + 4 * DAY) == [(START, 1), (START + DAY, 0), (START + 2 * DAY, 1),
                                                         (START + 3 * DAY, 0)]
    resp = post_batch(srv.port, {"Queries": [query("q", "SEND", START, START + 6 * DAY)]})
    assert resp.status == 400, resp


def test_flags_win_over_environment(start_server, tmp_path):
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen(1)
        busy = holder.getsockname()[1]
        srv = start_server(["--port", "0", "--zero-fill"],
                           env={"SES_EMULATOR_PORT": str(busy), "SES_EMULATOR_ZERO_FILL": "false"})
        assert srv.port != busy
        assert send_series(srv.url, end=START + 3 * DAY) == [(START, 0), (START + DAY, 0), (START + 2 * DAY, 0)]


def test_empty_environment_variable_counts_as_unset(start_server):
    srv = start_server(["--port", "0"], env={"SES_EMULATOR_ZERO_FILL": "", "SES_EMULATOR_SEED_DATA": "",
                                             "SES_EMULATOR_MAX_RANGE_DAYS": ""})
    assert srv.health()["events"] == 0
    assert send_series(srv.url) == []


def test_max_range_days_option(start_server):
    srv = start_server(["--port", "0", "--max-range-days", "30"])
    assert post_batch(srv.port, {"Queries": [query("q", "SEND", START, START + 30 * DAY)]}).status == 200
    resp = post_batch(srv.port, {"Queries": [query("q", "SEND", START, START + 31 * DAY)]})
    assert resp.status == 400, resp


def test_isp_catalog_option(start_server, tmp_path):
    catalog = tmp_path / "isps.json"
    catalog.write_text(json.dumps({"isps": [{"name": "Gmail", "feedbackLoop": True},
                                            {"name": "Hotmail", "feedbackLoop": False},
                                            {"name": "MailRu", "feedbackLoop": True}]}))
    events = small_events() + [{"type": "DELIVERY", "timestamp": "2026-09-02T00:00:00Z",
                                "emailIdentity": "s.example", "isp": "MailRu"}]
    seed = tmp_path / "seed.ndjson"
    write_ndjson(seed, events)
    srv = start_server(["--port", "0", "--seed-data", str(seed), "--isp-catalog", str(catalog)])
    recount = Recount(events, isps={"Gmail": True, "Hotmail": False, "MailRu": True})
    expected = recount.series("DELIVERY_COMPLAINT", None, START, START + 10 * DAY)
    assert expected == [(START, 1), (START + DAY, 1)]
    assert send_series(srv.url, "DELIVERY_COMPLAINT") == expected
    assert send_series(srv.url, "DELIVERY", dims={"ISP": "MailRu"}) == [(START + DAY, 1)]
    # A well-formed name outside this catalog is a query like any other, as at AWS: no data.
    resp = post_batch(srv.port, {"Queries": [query("q", "SEND", START, START + DAY, {"ISP": "Yahoo"})]})
    assert resp.status == 200 and resp.json()["Results"][0]["Values"] == [], resp


def test_seed_folder_in_name_order(start_server, tmp_path):
    folder = tmp_path / "seeds"
    folder.mkdir()
    events = small_events()
    # OPEN uniqueness depends on load order: b.ndjson's OPEN (day 1) must come before c.ndjson's (day 2)
    write_ndjson(folder / "b.ndjson", events[:2] + [
        {"type": "OPEN", "timestamp": "2026-09-01T12:00:00Z", "emailIdentity": "s.example", "isp": "Gmail",
         "messageId": "m"}])
    write_ndjson(folder / "c.ndjson", events[2:] + [
        {"type": "OPEN", "timestamp": "2026-09-02T12:00:00Z", "emailIdentity": "s.example", "isp": "Gmail",
         "messageId": "m"}])
    (folder / "a.txt").write_text("not events\n")
    srv = start_server(["--port", "0", "--seed-data", str(folder)])
    assert srv.health()["events"] == 6
    assert send_series(srv.url, "OPEN") == [(START, 1)]


def test_database_keeps_data_and_seed_is_not_doubled(start_server, tmp_path):
    db = tmp_path / "store.sqlite"
    seed = tmp_path / "seed.ndjson"
    write_ndjson(seed, small_events())
    first = start_server(["--port", "0", "--database", str(db), "--seed-data", str(seed)])
    assert first.health()["events"] == 4
    first.stop(check=True)
    assert db.exists()
    second = start_server(["--port", "0", "--database", str(db), "--seed-data", str(seed)])
    assert second.health()["events"] == 4
    assert send_series(second.url) == [(START, 1), (START + 2 * DAY, 1)]
    second.stop(check=True)
    third = start_server(["--port", "0", "--database", str(db)])
    assert third.health()["events"] == 4


# ---------------------------------------------------------------- generate and ingest


def test_generate_is_deterministic(generate_args, dataset, tmp_path):
    out = tmp_path / "again.ndjson"
    result = run_cli([*generate_args, "--output", str(out)], timeout=120)
    assert result.returncode == 0, result.stderr
    generated = dataset.path.read_bytes().splitlines(keepends=True)[: dataset.generated_count]
    assert out.read_bytes() == b"".join(generated)
    to_stdout = run_cli(generate_args, timeout=120)
    assert to_stdout.returncode == 0
    assert to_stdout.stdout == out.read_bytes()
    other = run_cli([*generate_args[:2], str(int(generate_args[2]) + 1), *generate_args[3:]], timeout=120)
    assert other.returncode == 0
    assert other.stdout != out.read_bytes()


def test_generated_data_respects_its_arguments(dataset):
    from support import CONFIG_SETS, GEN_DAYS, GEN_START, IDENTITIES
    generated = dataset.events[: dataset.generated_count]
    assert {e["emailIdentity"] for e in generated} == set(IDENTITIES)
    assert {e.get("configurationSet") for e in generated} - {None} == set(CONFIG_SETS)
    days = {d for d in Recount(generated).all_days}
    assert min(days) == epoch_day(GEN_START)
    assert max(days) == epoch_day(GEN_START) + (GEN_DAYS - 1) * DAY
    ids = [e.get("eventId") for e in generated]
    assert all(ids) and len(set(ids)) == len(ids), "generate gives every event a unique eventId"
    assert any(e.get("mailboxSimulator") for e in generated)
    assert any((e.get("recipientCount") or 1) > 1 for e in generated)


def test_ingest_then_serve_the_database(start_server, dataset, tmp_path):
    db = tmp_path / "ingested.sqlite"
    result = run_cli(["ingest", str(dataset.path), "--database", str(db)], timeout=180)
    assert result.returncode == 0, result.stderr
    again = run_cli(["ingest", str(dataset.path), "--database", str(db)], timeout=180)
    assert again.returncode == 0, again.stderr
    srv = start_server(["--port", "0", "--database", str(db), "--max-range-days", "1096"])
    # generated events carry eventIds (idempotent); the hand-written edge events do not, so they double
    edge = len(dataset.events) - dataset.generated_count
    assert srv.health()["events"] == len(dataset.events) + edge
    twice = Recount(dataset.events + dataset.events[dataset.generated_count:])
    end = max(twice.all_days) + DAY
    for metric in ("SEND", "DELIVERY_COMPLAINT", "OPEN"):
        assert send_series(srv.url, metric, epoch_day("2026-08-01"), end) == \
            twice.series(metric, None, epoch_day("2026-08-01"), end), metric


def test_ingest_from_stdin(start_server, tmp_path):
    db = tmp_path / "stdin.sqlite"
    data = "".join(json.dumps(e) + "\n" for e in small_events()).encode()
    result = run_cli(["ingest", "-", "--database", str(db)], stdin=data, timeout=60)
    assert result.returncode == 0, result.stderr
    srv = start_server(["--port", "0", "--database", str(db)])
    assert srv.health()["events"] == 4


def test_ingest_bad_file_is_atomic_and_names_the_line(start_server, tmp_path):
    db = tmp_path / "atomic.sqlite"
    good = tmp_path / "good.ndjson"
    write_ndjson(good, small_events())
    bad = tmp_path / "bad.ndjson"
    bad.write_text(json.dumps(small_events()[0]) + "\r\n" + json.dumps({**small_events()[1], "isp": "Nope"}))
    result = run_cli(["ingest", str(good), str(bad), "--database", str(db)], timeout=60)
    assert result.returncode == 2, result
    assert "bad.ndjson:2" in result.stderr.decode(), result.stderr
    srv = start_server(["--port", "0", "--database", str(db)])
    assert srv.health()["events"] == 0, "a failed ingest stored events"


def test_seed_shift_to_today(start_server, tmp_path):
    import datetime as dt
    seed = tmp_path / "seed.ndjson"
    write_ndjson(seed, small_events())  # days 2026-09-01 and 2026-09-03
    srv = start_server(["--port", "0", "--seed-data", str(seed), "--seed-shift-to-today"])
    today = epoch_day(dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d"))
    yesterday = today - DAY
    got = send_series(srv.url, start=today - 30 * DAY, end=today + DAY)
    assert got == [(yesterday - 2 * DAY, 1), (yesterday, 1)], got


def test_duplicate_event_ids_in_seed_are_ignored(start_server, tmp_path):
    seed = tmp_path / "seed.ndjson"
    events = small_events()
    events[0]["eventId"] = "dup"
    events[2]["eventId"] = "dup"  # same id later in the batch: ignored
    events[3]["eventId"] = "other"
    write_ndjson(seed, events)
    srv = start_server(["--port", "0", "--seed-data", str(seed)])
    assert srv.health()["events"] == 3
    assert send_series(srv.url) == [(START, 1)]


def test_event_timestamp_forms(start_server, tmp_path):
    seed = tmp_path / "seed.ndjson"
    base = {"type": "SEND", "emailIdentity": "t.example", "isp": "Gmail"}
    stamps = ["2026-09-01T20:00:00-05:00",      # 2026-09-02 01:00Z
              "2026-09-02T00:30:00+01:00",      # 2026-09-01 23:30Z
              "2026-09-01T23:59:59.999999Z",    # 2026-09-01
              1788307200,                        # 2026-09-02 00:00Z
              1788307199.5,                      # 2026-09-01 23:59:59.5Z
              "2026-09-03T00:00:00.000+00:00"]  # 2026-09-03
    write_ndjson(seed, [{**base, "timestamp": s} for s in stamps])
    srv = start_server(["--port", "0", "--seed-data", str(seed)])
    assert send_series(srv.url) == [(START, 3), (START + DAY, 2), (START + 2 * DAY, 1)]


def test_ipv6_loopback_listening_line(tmp_path):
    try:
        with socket.socket(socket.AF_INET6) as probe:
            probe.bind(("::1", 0))
    except OSError:
        pytest.skip("no IPv6 loopback here")
    proc = subprocess.Popen([binary_path(), "serve", "--host", "::1", "--port", "0"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=clean_env())
    try:
        import re
        import threading
        box = []
        reader = threading.Thread(target=lambda: box.append(proc.stdout.readline()), daemon=True)
        reader.start()
        reader.join(START_TIMEOUT)
        assert box, "no listening line"
        match = re.fullmatch(rb"ses-metrics-emulator listening on http://\[::1\]:(\d+)\n", box[0])
        assert match, box[0]
        with socket.create_connection(("::1", int(match.group(1))), timeout=10) as sock:
            sock.sendall(b"GET /_emulator/health HTTP/1.1\r\nHost: [::1]\r\nConnection: close\r\n\r\n")
            assert sock.recv(100).startswith(b"HTTP/1.1 200")
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            assert proc.wait(STOP_TIMEOUT) == 0
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(STOP_TIMEOUT)
            raise


def test_json_request_log_on_stderr(start_server):
    srv = start_server(["--port", "0", "--log-format", "json"])
    resp = post_batch(srv.port, {"Queries": [query("q", "SEND", START, START + DAY)]})
    assert resp.status == 200
    request_id = resp.header("x-amzn-RequestId")
    bad = post_batch(srv.port, "{nope")
    srv.stop(check=True)
    lines = [line for line in srv.stderr.splitlines() if line.strip()]
    records = []
    for line in lines:
        try:
            records.append(json.loads(line))
        except ValueError:
            raise AssertionError(f"--log-format json wrote a non-JSON line: {line!r}")
    mine = [r for r in records if request_id in json.dumps(r)]
    assert len(mine) == 1, records
    text = json.dumps(mine[0])
    assert "POST" in text and "/v2/email/metrics/batch" in text and "200" in text, mine[0]
    assert any(bad.header("x-amzn-RequestId") in json.dumps(r) and "400" in json.dumps(r) for r in records)
    assert b"".join(srv.extra_stdout) == b""


def test_open_uniqueness_spans_ingests(start_server, tmp_path):
    """The first OPEN ever stored for a messageId counts; one ingested later on an earlier day never does."""
    db = tmp_path / "opens.sqlite"
    first = tmp_path / "first.ndjson"
    later = tmp_path / "later.ndjson"
    base = {"emailIdentity": "o.example", "isp": "Gmail"}
    write_ndjson(first, [{**base, "type": "OPEN", "timestamp": "2026-09-05T10:00:00Z", "messageId": "m1"},
                         {**base, "type": "CLICK", "timestamp": "2026-09-05T10:00:00Z", "messageId": "m1",
                          "mailboxSimulator": True}])
    write_ndjson(later, [{**base, "type": "OPEN", "timestamp": "2026-09-02T10:00:00Z", "messageId": "m1"},
                         {**base, "type": "CLICK", "timestamp": "2026-09-02T10:00:00Z", "messageId": "m1"},
                         {**base, "type": "OPEN", "timestamp": "2026-09-02T11:00:00Z", "messageId": "m2"}])
    for path in (first, later):
        result = run_cli(["ingest", str(path), "--database", str(db)], timeout=60)
        assert result.returncode == 0, result.stderr
    srv = start_server(["--port", "0", "--database", str(db)])
    assert srv.health()["events"] == 5
    assert send_series(srv.url, "OPEN") == [(START + DAY, 1), (START + 4 * DAY, 1)]
    assert send_series(srv.url, "CLICK") == []


def test_catalog_applies_at_query_time(start_server, tmp_path):
    """DELIVERY_COMPLAINT comes from per-ISP rollups: serving the same database with another catalog changes it."""
    db = tmp_path / "fbl.sqlite"
    seed = tmp_path / "seed.ndjson"
    write_ndjson(seed, small_events())  # one Gmail delivery (day 1), one Hotmail delivery (day 3)
    result = run_cli(["ingest", str(seed), "--database", str(db)], timeout=60)
    assert result.returncode == 0, result.stderr
    srv = start_server(["--port", "0", "--database", str(db)])
    assert send_series(srv.url, "DELIVERY_COMPLAINT") == [(START + 2 * DAY, 1)]
    srv.stop(check=True)
    catalog = tmp_path / "isps.json"
    catalog.write_text(json.dumps({"isps": [{"name": "Gmail", "feedbackLoop": True},
                                            {"name": "Hotmail", "feedbackLoop": False}]}))
    srv = start_server(["--port", "0", "--database", str(db), "--isp-catalog", str(catalog)])
    assert send_series(srv.url, "DELIVERY_COMPLAINT") == [(START, 1)]


def test_queries_do_not_wait_for_a_concurrent_ingest(start_server, tmp_path):
    db = tmp_path / "live.sqlite"
    seed = tmp_path / "seed.ndjson"
    write_ndjson(seed, small_events())
    srv = start_server(["--port", "0", "--database", str(db), "--seed-data", str(seed), "--rate-limit", "off",
                        "--max-range-days", "1096"])
    big = tmp_path / "big.ndjson"
    gen = run_cli(["generate", "--seed", "7", "--start", "2026-06-01", "--days", "45", "--identities", "s.example",
                   "--daily-sends", "1500", "--output", str(big)], timeout=120)
    assert gen.returncode == 0, gen.stderr
    ingest = subprocess.Popen([binary_path(), "ingest", str(big), "--database", str(db)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=clean_env())
    from test_metrics_boto3 import boto_query, series_of
    client = make_client(srv.url)
    slowest = 0.0
    answered = 0
    try:
        while ingest.poll() is None and answered < 200:
            began = time.monotonic()
            result = client.batch_get_metric_data(Queries=[boto_query("s", "SEND", START, START + 10 * DAY)])
            assert series_of(result["Results"][0]) == [(START, 1), (START + 2 * DAY, 1)]
            slowest = max(slowest, time.monotonic() - began)
            answered += 1
        assert ingest.wait(180) == 0, ingest.stderr.read()
    finally:
        if ingest.poll() is None:
            ingest.kill()
            ingest.wait(10)
    assert answered > 0, "the ingest ended before the first query: make it bigger"
    assert slowest < 2.0, f"a query took {slowest:.2f}s during an ingest"
    # the served database now holds the ingested events too
    recount = Recount(load_ndjson(big))
    start, end = epoch_day("2026-06-01"), epoch_day("2026-08-01")
    assert send_series(srv.url, "SEND", start, end) == recount.series("SEND", None, start, end)
