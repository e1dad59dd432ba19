"""serve's HTTP limit and shutdown options, seen from a client."""
from __future__ import annotations

import json
import signal
import socket
import time

from recount import DAY, epoch_day
from support import BATCH_PATH, STOP_TIMEOUT, http_request, post_batch, query, read_response

START = epoch_day("2026-09-01")
BODY = json.dumps({"Queries": [query("q", "SEND", START, START + DAY)]})


def closed_within(sock: socket.socket, seconds: float) -> bytes:
    """Read until the server closes the connection; fail if it is still open after `seconds`."""
    sock.settimeout(seconds)
    data = b""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            chunk = sock.recv(65536)
        except socket.timeout:
            break
        except ConnectionResetError:
            return data
        if not chunk:
            return data
        data += chunk
    raise AssertionError(f"connection still open after {seconds}s; got {data!r}")


def test_sigint_exits_0(start_server):
    srv = start_server(["--port", "0"])
    srv.health()
    srv.proc.send_signal(signal.SIGINT)
    assert srv.proc.wait(STOP_TIMEOUT) == 0


def test_in_flight_request_finishes_during_shutdown(start_server):
    srv = start_server(["--port", "0", "--shutdown-grace", "5"])
    body = BODY.encode()
    with socket.create_connection(("127.0.0.1", srv.port), timeout=10) as sock:
        sock.sendall((f"POST {BATCH_PATH} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                      f"Content-Length: {len(body)}\r\n\r\n").encode() + body[:10])
        time.sleep(0.3)
        srv.proc.send_signal(signal.SIGTERM)
        time.sleep(0.3)
        sock.sendall(body[10:])
        resp = read_response(sock)
    assert resp.status == 200, resp
    assert srv.proc.wait(STOP_TIMEOUT) == 0


def test_idle_timeout_closes_keep_alive_connections(start_server):
    srv = start_server(["--port", "0", "--idle-timeout", "1"])
    with socket.create_connection(("127.0.0.1", srv.port), timeout=10) as sock:
        sock.sendall(b"GET /_emulator/health HTTP/1.1\r\nHost: x\r\n\r\n")
        assert read_response(sock).status == 200
        started = time.monotonic()
        assert closed_within(sock, 5) == b""
        assert time.monotonic() - started >= 0.5


def test_header_timeout(start_server):
    srv = start_server(["--port", "0", "--header-timeout", "1"])
    with socket.create_connection(("127.0.0.1", srv.port), timeout=10) as sock:
        sock.sendall(b"GET /_emulator/health HTTP/1.1\r\nHost: x\r\n")  # never finished
        data = closed_within(sock, 5)
    assert data == b"" or data.startswith(b"HTTP/1.1 408"), data
    assert srv.health()["status"] == "ready"


def test_max_body_bytes(start_server):
    srv = start_server(["--port", "0", "--max-body-bytes", "1024"])
    assert post_batch(srv.port, BODY).status == 200
    resp = post_batch(srv.port, json.dumps({"Queries": [query("q", "SEND", START, START + DAY)], "pad": "x" * 1100}))
    assert resp.status == 413, resp


def test_max_header_bytes(start_server):
    srv = start_server(["--port", "0", "--max-header-bytes", "2048"])
    assert http_request(srv.port, "GET", "/_emulator/health", headers={"X-Pad": "y" * 500}).status == 200
    resp = http_request(srv.port, "GET", "/_emulator/health", headers={"X-Pad": "y" * 4000})
    assert resp.status == 431, resp


def test_max_connections(start_server):
    srv = start_server(["--port", "0", "--max-connections", "2"])
    held = [socket.create_connection(("127.0.0.1", srv.port), timeout=10) for _ in range(2)]
    try:
        for sock in held:
            sock.sendall(b"GET /_emulator/health HTTP/1.1\r\nHost: x\r\n\r\n")
            assert read_response(sock).status == 200
        with socket.create_connection(("127.0.0.1", srv.port), timeout=10) as extra:
            extra.sendall(b"GET /_emulator/health HTTP/1.1\r\nHost: x\r\n\r\n")
            try:
                data = closed_within(extra, 5)
            except AssertionError:
                raise
            assert data == b"" or data.startswith(b"HTTP/1.1 503"), data
    finally:
        for sock in held:
            sock.close()
    time.sleep(0.2)
    assert srv.health()["status"] == "ready"
