"""Hostile clients on loopback: slowloris, slow POST, slow read, header floods, and
connections opened and dropped by the thousand. While each runs, a normal client keeps asking
(health checks and batch queries, one connection each): every one of its requests must be answered
within 5 s, and the server's peak RSS (VmHWM) must stay under 300 MB. Afterwards the server's open
sockets return to where they were (no leaked connections).

Small and bounded (~1 min) by default; HOSTILE_FULL=1 runs the full sizes (make check-long).
HOSTILE_RESULTS=PATH writes the measured figures there as a Markdown table.
"""
from __future__ import annotations

import json
import os
import select
import socket
import struct
import threading
import time
from pathlib import Path

import pytest

from recount import DAY, epoch_day
from support import BATCH_PATH, Server, read_response

FULL = os.environ.get("HOSTILE_FULL", "") not in ("", "0")
SIZES = {
    # name: (small, full)
    "seconds": (4, 30),
    "slowloris": (150, 600),
    "slow_post": (50, 200),
    "slow_read": (20, 100),
    "flood_threads": (2, 4),
    "connect_drop": (2000, 10000),
}
N = {k: v[1] if FULL else v[0] for k, v in SIZES.items()}
ANSWER_WITHIN = 5.0  # liveness bound for every normal request
PEAK_RSS_LIMIT_MB = 300
START = epoch_day("2026-09-01")
RESULTS: list[dict] = []

NORMAL_BODY = json.dumps({"Queries": [{"Id": "n", "Namespace": "VDM", "Metric": "SEND",
                                       "StartDate": START, "EndDate": START + 30 * DAY}]}).encode()
# A large answer with --zero-fill: 10 queries x 1096 days.
LARGE_BODY = json.dumps({"Queries": [{"Id": f"q{i}", "Namespace": "VDM", "Metric": "SEND",
                                      "StartDate": START - 1095 * DAY, "EndDate": START + DAY}
                                     for i in range(10)]}).encode()


def batch_request(body: bytes, close: bool = True) -> bytes:
    return (f"POST {BATCH_PATH} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n" + ("Connection: close\r\n" if close else "") + "\r\n").encode() + body


def proc_status(pid: int, key: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])  # kB
    raise AssertionError(f"no {key} in /proc/{pid}/status")


def open_sockets(pid: int) -> int:
    """Sockets the server holds (the listener included); SQLite readers open files lazily per
    handler thread, so plain descriptor counts would rise without any leak."""
    count = 0
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            count += os.readlink(f"/proc/{pid}/fd/{fd}").startswith("socket:")
        except OSError:
            pass
    return count


class NormalClient(threading.Thread):
    """Alternates a health check and a batch query, a new connection each, and times them."""

    def __init__(self, port: int):
        super().__init__(daemon=True)
        self.port = port
        self.stop = threading.Event()
        self.latencies: list[float] = []
        self.failures: list[str] = []
        self.statuses: dict[int, int] = {}

    def run(self):
        health = b"GET /_emulator/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        batch = batch_request(NORMAL_BODY)
        i = 0
        while not self.stop.is_set():
            data = health if i % 2 == 0 else batch
            i += 1
            started = time.monotonic()
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=ANSWER_WITHIN) as sock:
                    sock.sendall(data)
                    resp = read_response(sock)
                elapsed = time.monotonic() - started
                self.latencies.append(elapsed)
                self.statuses[resp.status] = self.statuses.get(resp.status, 0) + 1
                if resp.status != 200:
                    self.failures.append(f"status {resp.status}: {resp.body[:200]!r}")
            except Exception as e:  # noqa: BLE001 - any failure to get an answer counts
                self.failures.append(f"{type(e).__name__}: {e} after {time.monotonic() - started:.2f}s")
            time.sleep(0.02)


def percentile(values: list[float], p: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))] if s else float("nan")


def run_attack(name: str, attack, server_args: list[str] | None = None, size: str = "") -> dict:
    srv = Server(["--host", "127.0.0.1", "--port", "0", "--header-timeout", "2", "--body-timeout", "2",
                  "--write-timeout", "3", "--idle-timeout", "5", "--zero-fill", *(server_args or [])])
    try:
        pid = srv.proc.pid
        srv.health()
        time.sleep(0.2)
        sockets_before = open_sockets(pid)
        normal = NormalClient(srv.port)
        normal.start()
        time.sleep(0.3)
        stop = threading.Event()
        started = time.monotonic()
        stats = attack(srv.port, stop)
        attack_seconds = time.monotonic() - started
        normal.stop.set()
        normal.join(ANSWER_WITHIN + 5)
        assert srv.proc.poll() is None, f"server died during {name}: {srv.stderr[-3000:]}"
        peak_mb = proc_status(pid, "VmHWM") / 1024
        # Every attacker connection ends by a timeout (<= 5 s here): its socket must be closed.
        deadline = time.monotonic() + 15
        while open_sockets(pid) > sockets_before and time.monotonic() < deadline:
            time.sleep(0.25)
        sockets_after = open_sockets(pid)
        srv.health()
        lat = normal.latencies
        row = {
            "attack": name, "size": size, "seconds": round(attack_seconds, 1), **stats,
            "normal_requests": len(lat) + len(normal.failures), "normal_failures": len(normal.failures),
            "p50_ms": round(percentile(lat, 50) * 1000, 1), "p99_ms": round(percentile(lat, 99) * 1000, 1),
            "max_ms": round(max(lat) * 1000, 1) if lat else None,
            "peak_rss_mb": round(peak_mb, 1), "sockets_before": sockets_before, "sockets_after": sockets_after,
        }
        RESULTS.append(row)
        print(row)
        assert len(lat) >= 3, f"{name}: the normal client got only {len(lat)} answers: {normal.failures[:5]}"
        assert not normal.failures, f"{name}: normal client failures: {normal.failures[:10]}"
        assert max(lat) < ANSWER_WITHIN, row
        assert peak_mb < PEAK_RSS_LIMIT_MB, row
        assert sockets_after <= sockets_before, f"{name}: sockets leaked: {row}"
        srv.stop()
        return row
    finally:
        srv.stop(check=False)


# --- attackers -------------------------------------------------------------------------------


def trickle(port: int, stop: threading.Event, conns: int, opening: bytes, drip: bytes, interval: float) -> dict:
    """`conns` connections that send `opening`, then one byte of `drip` (cycled) every `interval`
    seconds; a connection the server closes is replaced at once. One thread drives them all."""
    socks: dict[socket.socket, int] = {}
    opened = answered = 0

    def open_one():
        nonlocal opened
        s = socket.socket()
        s.settimeout(2)
        try:
            s.connect(("127.0.0.1", port))
            s.sendall(opening)
        except OSError:
            s.close()
            return
        s.setblocking(False)
        socks[s] = 0
        opened += 1

    for _ in range(conns):
        open_one()
    next_drip = time.monotonic()
    while not stop.is_set():
        readable, _, _ = select.select(list(socks), [], [], 0.05)
        for s in readable:  # an answer (408 here) or a close: replace the connection
            try:
                data = s.recv(65536)
            except OSError:
                data = b""
            if data.startswith(b"HTTP/1.1 "):
                answered += 1
            if not data:
                socks.pop(s, None)
                s.close()
                open_one()
        if time.monotonic() >= next_drip:
            next_drip += interval
            for s in list(socks):
                i = socks[s]
                try:
                    s.send(drip[i % len(drip):i % len(drip) + 1])
                    socks[s] = i + 1
                except OSError:
                    socks.pop(s, None)
                    s.close()
                    open_one()
    for s in socks:
        s.close()
    return {"attacker_connections": opened, "attacker_answers": answered}


def slowloris(port, stop):
    stats = trickle(port, stop, N["slowloris"], b"GET /_emulator/health HTTP/1.1\r\nHost: x\r\n",
                    b"X-Slowloris-Header: aaaaaaaaaaaaaaaaaaaaaaaaa\r\n", 0.5)
    threading.Event().wait(0)
    return stats


def slow_post(port, stop):
    """Heads declaring large bodies, then 2 bytes/s: half to the batch path (1 MB declared), half
    to /_emulator/events (64 MiB declared: its own limit). Regression: the shared body budget used
    to be reserved by declared length, so 4 such heads got every other body a 503."""
    def head(path, length):
        return (f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                f"Content-Length: {length}\r\n\r\n").encode()
    half = N["slow_post"] // 2
    box: dict = {}
    other = threading.Thread(target=lambda: box.update(
        trickle(port, stop, half, head("/_emulator/events", 64 << 20), b'{"type": "SEND", ', 0.5)), daemon=True)
    other.start()
    stats = trickle(port, stop, N["slow_post"] - half, head(BATCH_PATH, 1_000_000), b'{"Queries": [', 0.5)
    other.join(30)
    return {k: stats.get(k, 0) + box.get(k, 0) for k in stats}


def slow_read(port, stop):
    """Connections that pipeline large answers (1 MiB of requests) and never read any of them."""
    request = batch_request(LARGE_BODY, close=False)
    burst = request * max(1, (1 << 20) // len(request))
    socks: list[socket.socket] = []
    opened = 0
    sent_total = 0
    while not stop.is_set():
        while len(socks) < N["slow_read"] and not stop.is_set():
            s = socket.socket()
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            s.settimeout(2)
            try:
                s.connect(("127.0.0.1", port))
            except OSError:
                s.close()
                continue
            s.setblocking(False)
            try:
                sent_total += s.send(burst)
            except OSError:
                pass
            socks.append(s)
            opened += 1
        # Keep pushing requests; never read. A connection the server gave up on is replaced.
        time.sleep(0.2)
        for s in list(socks):
            try:
                sent_total += s.send(burst[:65536])
            except BlockingIOError:
                pass
            except OSError:
                socks.remove(s)
                s.close()
            else:
                if s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR):
                    socks.remove(s)
                    s.close()
        # Connections the server closed show EOF/RST only when read: peek without consuming data.
        for s in list(socks):
            try:
                if s.recv(1, socket.MSG_PEEK) == b"":
                    socks.remove(s)
                    s.close()
            except BlockingIOError:
                pass
            except OSError:
                socks.remove(s)
                s.close()
    for s in socks:
        s.close()
    return {"attacker_connections": opened, "attacker_bytes_sent": sent_total}


def header_flood(port, stop):
    """Threads sending oversized header sections (one 64 KiB field; 300 small fields) as fast as
    they can; each must be refused with 431 and closed."""
    big = b"GET /_emulator/health HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 65536 + b"\r\n\r\n"
    many = (b"GET /_emulator/health HTTP/1.1\r\nHost: x\r\n"
            + b"".join(b"X-H%d: v\r\n" % i for i in range(300)) + b"\r\n")
    counts = {"attacker_connections": 0, "attacker_431": 0, "attacker_other": 0}
    lock = threading.Lock()

    def worker(payload):
        while not stop.is_set():
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
                    try:
                        s.sendall(payload)
                    except OSError:
                        pass
                    data = b""
                    while b"\r\n" not in data:
                        chunk = s.recv(4096)
                        if not chunk:
                            break
                        data += chunk
                with lock:
                    counts["attacker_connections"] += 1
                    counts["attacker_431" if data.startswith(b"HTTP/1.1 431") else "attacker_other"] += 1
            except OSError:
                with lock:
                    counts["attacker_other"] += 1

    threads = [threading.Thread(target=worker, args=(big if i % 2 == 0 else many,), daemon=True)
               for i in range(N["flood_threads"])]
    for t in threads:
        t.start()
    stop.wait(N["seconds"])
    stop.set()
    for t in threads:
        t.join(10)
    assert counts["attacker_431"] > 0, counts
    return counts


def connect_drop(port, stop):
    """N connections opened and dropped as fast as 4 threads can (a third closed at once, a third
    after half a request, a third reset with SO_LINGER 0 after half a request); repeated while the
    configured seconds last, at most twice, so the normal client is measured during it."""
    total = N["connect_drop"]
    done = [0]
    lock = threading.Lock()
    linger0 = struct.pack("ii", 1, 0)
    started = time.monotonic()

    def worker(k, share):
        for i in range(share):
            s = socket.socket()
            try:
                s.connect(("127.0.0.1", port))
                mode = (i + k) % 3
                if mode:
                    s.send(b"POST /v2/email/metrics/batch HTTP/1.1\r\nHost: x\r\nContent-Le")
                if mode == 2:
                    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, linger0)
            except OSError:
                pass
            finally:
                s.close()
            with lock:
                done[0] += 1

    for _ in range(2):
        threads = [threading.Thread(target=worker, args=(k, total // 4), daemon=True) for k in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        if time.monotonic() - started >= N["seconds"]:
            break
    stop.wait(max(0.0, N["seconds"] - (time.monotonic() - started)))
    stop.set()
    return {"attacker_connections": done[0]}


def timed(attack):
    """Runs a trickle-style attack for the configured seconds."""
    def run(port, stop):
        box = {}
        t = threading.Thread(target=lambda: box.update(attack(port, stop)), daemon=True)
        t.start()
        stop.wait(N["seconds"])
        stop.set()
        t.join(30)
        return box
    return run


def test_slowloris():
    row = run_attack("slowloris", timed(slowloris), size=f"{N['slowloris']} connections, 2 bytes/s each")
    assert row["attacker_answers"] > 0 or N["seconds"] < 3, row  # the header timeout answered 408s


def test_slow_post():
    run_attack("slow POST", timed(slow_post), size=f"{N['slow_post']} connections, Content-Length 1 MB / 64 MiB, 2 bytes/s")


def test_slow_read():
    run_attack("slow read", timed(slow_read), size=f"{N['slow_read']} connections pipelining 1 MiB, never reading")


def test_header_flood():
    run_attack("header flood", header_flood, size=f"{N['flood_threads']} threads: 64 KiB field / 300 fields")


def test_connect_drop():
    run_attack("open and drop", connect_drop, size=f"{N['connect_drop']}+ connections")


@pytest.fixture(scope="module", autouse=True)
def write_results():
    yield
    path = os.environ.get("HOSTILE_RESULTS")
    if not path or not RESULTS:
        return
    cols = ["attack", "size", "seconds", "attacker_connections", "normal_requests", "normal_failures",
            "p50_ms", "p99_ms", "max_ms", "peak_rss_mb", "sockets_before", "sockets_after"]
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for r in RESULTS:
        lines.append("| " + " | ".join(str(r.get(c, "")) for c in cols) + " |")
    extra = [f"- {r['attack']}: " + ", ".join(f"{k}={v}" for k, v in r.items() if k not in cols)
             for r in RESULTS if set(r) - set(cols)]
    Path(path).write_text(
        f"<!-- written by Tests/e2e/test_hostile_clients.py ({'full' if FULL else 'small'} size, "
        f"{Path(os.environ.get('SES_EMULATOR_BIN', '?')).parent.name} build, "
        f"{time.strftime('%Y-%m-%d', time.gmtime())}) -->\n"
        + "\n".join(lines) + "\n\n" + "\n".join(extra) + "\n")
