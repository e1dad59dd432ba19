"""Crash safety: SIGKILL the server at random moments during a stream of event batches,
restart it on the same database file, and check that every acknowledged batch is there, none
partially, and the rollups agree with a recount of the raw events.

CRASH_ROUNDS sets the number of rounds (5 in `make test`, 50 in `make check-long`).
"""
from __future__ import annotations

import datetime as dt
import http.client
import json
import os
import random
import signal
import subprocess
import threading
import time

from recount import METRICS, Recount
from support import Server, binary_path, clean_env, make_client

ROUNDS = int(os.environ.get("CRASH_ROUNDS", "5"))
BATCH = 40
ISPS = ["Gmail", "Hotmail", "Yahoo", "Aol", "Icloud"]
TYPES = ["SEND", "DELIVERY", "OPEN", "CLICK", "PERMANENT_BOUNCE", "COMPLAINT", "TRANSIENT_BOUNCE"]
START = 1_790_812_800  # 2026-10-01
DAYS = 20


def make_batch(round_no: int, batch_no: int, rng: random.Random) -> list[dict]:
    events = []
    for i in range(BATCH):
        events.append({
            "eventId": f"r{round_no}-b{batch_no}-{i}",
            "type": rng.choice(TYPES),
            "timestamp": START + rng.randrange(DAYS * 86_400),
            "emailIdentity": rng.choice(["a.example", "b.example"]),
            "configurationSet": rng.choice([None, "cs"]),
            "isp": rng.choice(ISPS),
            "messageId": f"m{rng.randrange(200)}",
            "openTracking": rng.random() < 0.5,
        })
    return events


def post(port: int, events: list[dict]) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        body = "".join(json.dumps(e) + "\n" for e in events)
        conn.request("POST", "/_emulator/events", body, {"Content-Type": "application/x-ndjson"})
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


def test_sigkill_during_ingest_loses_no_acknowledged_batch(tmp_path):
    database = tmp_path / "metrics.db"
    rng = random.Random(20261129)
    acknowledged: list[list[dict]] = []
    for round_no in range(ROUNDS):
        server = Server(["--port", "0", "--database", str(database)])
        in_flight: list[list[dict]] = []
        stop = threading.Event()

        def stream():
            batch_no = 0
            while not stop.is_set():
                batch = make_batch(round_no, batch_no, rng)
                batch_no += 1
                in_flight.append(batch)
                try:
                    status = post(server.port, batch)
                except OSError:
                    return  # the server died mid-request: this batch is unacknowledged
                if status != 200:
                    return
                in_flight.pop()
                acknowledged.append(batch)

        writer = threading.Thread(target=stream, daemon=True)
        writer.start()
        time.sleep(rng.uniform(0.05, 0.6))
        server.proc.send_signal(signal.SIGKILL)
        server.proc.wait(10)
        stop.set()
        writer.join(15)
        assert not writer.is_alive()

        restarted = Server(["--port", "0", "--database", str(database)])
        try:
            stored = restarted.health()["events"]
            expected = sum(len(b) for b in acknowledged)
            # All or nothing: a batch in flight at the kill may have committed, whole, or not at all.
            extra, k = stored - expected, 0
            while extra > 0 and k < len(in_flight):
                extra -= len(in_flight[k])
                k += 1
            assert extra == 0, (round_no, stored, expected, [len(b) for b in in_flight])
            acknowledged.extend(in_flight[:k])
            check_rollups(restarted, [e for b in acknowledged for e in b])
        finally:
            restarted.stop()
    assert len(acknowledged) >= ROUNDS, f"only {len(acknowledged)} batches acknowledged in {ROUNDS} rounds"


def send(port: int, to: str) -> str | None:
    """One SendEmail over its own connection; the MessageId, or None when the server died first."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        body = json.dumps({"FromEmailAddress": "a@crash.test", "Destination": {"ToAddresses": [to]},
                           "Content": {"Simple": {"Subject": {"Data": "s"}, "Body": {"Text": {"Data": "t"}}}}})
        conn.request("POST", "/v2/email/outbound-emails", body, {"Content-Type": "application/json"})
        response = conn.getresponse()
        answer = response.read()
        return json.loads(answer)["MessageId"] if response.status == 200 else None
    except OSError:
        return None
    finally:
        conn.close()


def test_sigkill_during_a_burst_of_sends_never_splits_a_message_from_its_events(tmp_path):
    """A sent message and its events are one transaction: after a kill at any moment, every
    acknowledged MessageId is inspectable with its events, and no message lacks its events or
    the reverse."""
    database = tmp_path / "sends.db"
    rng = random.Random(20261203)
    acknowledged: list[str] = []
    domains = ["gmail.com", "yahoo.com", "example.net", "simulator.amazonses.com"]
    for round_no in range(ROUNDS):
        server = Server(["--port", "0", "--database", str(database)])
        if round_no == 0:  # kept in the file, like the messages
            make_client(server.url).create_email_identity(EmailIdentity="crash.test")
        stop = threading.Event()

        def burst():
            n = 0
            while not stop.is_set():
                box = "success" if domains[n % 4] == "simulator.amazonses.com" else f"u{n}"
                message_id = send(server.port, f"{box}@{domains[n % 4]}")
                n += 1
                if message_id is None:
                    return
                acknowledged.append(message_id)

        senders = [threading.Thread(target=burst, daemon=True) for _ in range(3)]
        for t in senders:
            t.start()
        time.sleep(rng.uniform(0.2, 0.8))
        server.proc.send_signal(signal.SIGKILL)
        server.proc.wait(10)
        stop.set()
        for t in senders:
            t.join(15)
            assert not t.is_alive()

        restarted = Server(["--port", "0", "--database", str(database)])
        try:
            conn = http.client.HTTPConnection("127.0.0.1", restarted.port, timeout=30)
            conn.request("GET", "/_aws/ses")
            messages = {m["Id"] for m in json.loads(conn.getresponse().read())["messages"]}
            by_message: dict[str, list[str]] = {}
            token = None
            while True:
                conn.request("GET", "/_emulator/events?limit=1000" + (f"&nextToken={token}" if token else ""))
                page = json.loads(conn.getresponse().read())
                for e in page["events"]:
                    by_message.setdefault(e["messageId"], []).append(e["type"])
                token = page.get("nextToken")
                if not token:
                    break
            conn.close()
            assert set(acknowledged) <= messages, set(acknowledged) - messages
            assert messages == set(by_message), (messages ^ set(by_message))
            assert all(types == ["SEND", "DELIVERY"] for types in by_message.values())
        finally:
            restarted.stop()
    assert len(acknowledged) >= 3 * ROUNDS, f"only {len(acknowledged)} sends acknowledged in {ROUNDS} rounds"


def test_sigkill_during_bulk_ingest_into_empty_file_leaves_it_empty_then_loadable(tmp_path):
    """`ingest` into an empty file runs with a rollback journal (no WAL): a kill mid-load must
    leave a file that opens with nothing of the batch, and the same load then completes."""
    database = tmp_path / "metrics.db"
    rng = random.Random(20261130)
    events = [e for b in range(1500) for e in make_batch(99, b, rng)]
    source = tmp_path / "events.ndjson"
    source.write_text("".join(json.dumps(e) + "\n" for e in events))
    kills = 0
    for delay in (0.15, 0.4):
        ingest = subprocess.Popen([binary_path(), "ingest", str(source), "--database", str(database)],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=clean_env())
        time.sleep(delay)
        if ingest.poll() is not None:
            break  # finished before the kill: nothing to recover from
        ingest.send_signal(signal.SIGKILL)
        kills += 1
        ingest.wait(10)
        server = Server(["--port", "0", "--database", str(database)])
        try:
            assert server.health()["events"] == 0
            check_rollups(server, [])
        finally:
            server.stop()
    assert kills >= 1, "ingest finished before the first kill: the test checked nothing"
    done = subprocess.run([binary_path(), "ingest", str(source), "--database", str(database)],
                          capture_output=True, text=True, env=clean_env(), timeout=300)
    assert done.returncode == 0, done.stderr
    server = Server(["--port", "0", "--database", str(database)])
    try:
        assert server.health()["events"] == len(events)
        check_rollups(server, events)
    finally:
        server.stop()


def test_sigkill_after_a_load_spilled_into_the_file_rolls_it_back(tmp_path):
    """A load larger than the page cache (64 MiB) writes pages into the database file before its
    COMMIT. Killed then, it leaves a hot journal, and the next open must roll the file back to empty."""
    database = tmp_path / "metrics.db"
    journal = tmp_path / "metrics.db-journal"
    source = tmp_path / "events.ndjson"
    with open(source, "wb") as out:
        subprocess.run([binary_path(), "generate", "--seed", "3", "--start", "2025-01-01", "--days", "365",
                        "--daily-sends", "720"], stdout=out, check=True, env=clean_env(), timeout=300)
    ingest = subprocess.Popen([binary_path(), "ingest", str(source), "--database", str(database)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=clean_env())
    spilled = 0
    try:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline and ingest.poll() is None:
            size = database.stat().st_size if database.exists() else 0
            if size > 8 * 1024 * 1024 and journal.exists():
                spilled = size
                break
            time.sleep(0.01)
    finally:
        ingest.send_signal(signal.SIGKILL)
        ingest.wait(10)
    assert spilled, "the load ended before it wrote pages into the file: nothing was tested"
    assert journal.exists(), "a killed load leaves its journal for the next open to roll back"
    server = Server(["--port", "0", "--database", str(database)])
    try:
        assert server.health()["events"] == 0
        check_rollups(server, [])
    finally:
        server.stop()
    assert not journal.exists()
    assert database.stat().st_size < spilled


def check_rollups(server: Server, events: list[dict]) -> None:
    recount = Recount(events)
    client = make_client(server.url)
    end = START + DAYS * 86_400
    start_dt = dt.datetime.fromtimestamp(START, dt.timezone.utc)
    end_dt = dt.datetime.fromtimestamp(end, dt.timezone.utc)
    for chunk in range(0, len(METRICS), 5):
        metrics = METRICS[chunk:chunk + 5]
        queries = [{"Id": m.lower(), "Namespace": "VDM", "Metric": m, "StartDate": start_dt, "EndDate": end_dt}
                   for m in metrics]
        answer = client.batch_get_metric_data(Queries=queries)
        for metric, result in zip(metrics, answer["Results"]):
            got = [(int(t.timestamp()), v) for t, v in zip(result["Timestamps"], result["Values"])]
            assert got == recount.series(metric, None, START, end), metric


def test_sigterm_lets_in_flight_requests_complete_then_exits_0(tmp_path):
    server = Server(["--port", "0"])
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    conn.request("PUT", "/_emulator/faults", json.dumps({"latencyMs": 1500}), {"Content-Type": "application/json"})
    assert conn.getresponse().read() and True
    results: list = []

    def call():
        c = http.client.HTTPConnection("127.0.0.1", server.port, timeout=20)
        body = json.dumps({"Queries": [{"Id": "q", "Namespace": "VDM", "Metric": "SEND",
                                        "StartDate": START, "EndDate": START + 86_400}]})
        c.request("POST", "/v2/email/metrics/batch", body, {"Content-Type": "application/json"})
        response = c.getresponse()
        results.append((response.status, json.loads(response.read())))

    callers = [threading.Thread(target=call) for _ in range(3)]
    for t in callers:
        t.start()
    time.sleep(0.5)  # the requests are now waiting out their latency
    server.proc.send_signal(signal.SIGTERM)
    for t in callers:
        t.join(20)
    assert [status for status, _ in results] == [200, 200, 200], results
    assert all(body["Results"][0]["Id"] == "q" for _, body in results)
    assert server.proc.wait(15) == 0
