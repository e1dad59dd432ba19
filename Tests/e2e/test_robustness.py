"""Hostile and concurrent clients: the server answers correctly, stays up and keeps serving."""
from __future__ import annotations

import http.client
import json
import socket
import threading
import time

import pytest

from recount import DAY, METRICS, epoch_day
from support import BATCH_PATH, assert_bad_request, http_request, post_batch, query, raw_exchange, read_response

START = epoch_day("2026-09-01")


def still_healthy(server):
    assert server.proc.poll() is None, f"server died; stderr:\n{server.stderr[-4000:]}"
    assert server.health()["status"] == "ready"


def test_parallel_clients_get_consistent_answers(server, dataset):
    end = START + 40 * DAY
    expected = {m: dataset.recount.series(m, None, START, end) for m in METRICS}
    failures: list[str] = []

    def worker(n: int):
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=20)
        try:
            for i in range(15):
                metric = METRICS[(n + i) % len(METRICS)]
                conn.request("POST", BATCH_PATH, body=json.dumps({"Queries": [query(f"w{n}-{i}", metric, START, end)]}),
                             headers={"Content-Type": "application/json"})
                resp = conn.getresponse()
                body = json.loads(resp.read())
                result = body["Results"][0]
                got = [(int(t), v) for t, v in zip(result["Timestamps"], result["Values"])]
                if resp.status != 200 or result["Id"] != f"w{n}-{i}" or got != expected[metric]:
                    failures.append(f"worker {n} request {i}: {resp.status} {result['Id']}")
        except Exception as exc:  # noqa: BLE001 - reported below
            failures.append(f"worker {n}: {exc!r}")
        finally:
            conn.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not any(t.is_alive() for t in threads), "a client hung"
    assert not failures, failures[:5]
    still_healthy(server)


def test_request_sent_byte_by_byte(server):
    body = json.dumps({"Queries": [query("slow", "SEND", START, START + DAY)]}).encode()
    data = (f"POST {BATCH_PATH} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n").encode() + body
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        for i in range(len(data)):
            sock.send(data[i:i + 1])
            if i % 50 == 0:
                time.sleep(0.005)
        resp = read_response(sock)
    assert resp.status == 200, resp
    assert resp.json()["Results"][0]["Id"] == "slow"


def test_deeply_nested_json_does_not_crash(server):
    depth = 50_000
    body = '{"Queries":' + "[" * depth + "]" * depth + "}"
    resp = post_batch(server.port, body)
    assert resp.status in (400, 413), resp
    if resp.status == 400:
        assert_bad_request(resp, code="SerializationException")
    still_healthy(server)


def test_deeply_nested_objects_do_not_crash(server):
    depth = 50_000
    body = '{"Queries":[{"Id":"x","Extra":' + '{"a":' * depth + "1" + "}" * depth + "}]}"
    resp = post_batch(server.port, body)
    assert resp.status in (400, 413), resp
    still_healthy(server)


def test_body_over_the_limit(server):
    body = json.dumps({"Queries": [query("big", "SEND", START, START + DAY)], "pad": "x" * (1_100_000)})
    resp = post_batch(server.port, body)
    assert resp.status == 413, resp
    still_healthy(server)


def test_garbage_request_line(server):
    resp = raw_exchange(server.port, b"NOT AN HTTP REQUEST\r\n\r\n")
    assert resp.status == 400, resp
    still_healthy(server)


def test_client_disconnects_mid_body(server):
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(f"POST {BATCH_PATH} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                     f"Content-Length: 1000\r\n\r\n{{\"Queries\":".encode())
    still_healthy(server)


def test_http_1_0_request(server):
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(b"GET /_emulator/health HTTP/1.0\r\n\r\n")
        chunks = b""
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            chunks += chunk
    head, _, body = chunks.partition(b"\r\n\r\n")
    assert head.split(b" ")[1] == b"200", chunks
    assert json.loads(body)["status"] == "ready"


def test_head_on_batch_path_is_405_without_body(server):
    resp = http_request(server.port, "HEAD", BATCH_PATH)
    assert resp.status == 405, resp
    assert "POST" in (resp.header("Allow") or "")


def test_zero_fill_long_range(zero_fill_server, dataset):
    start = START - 1000 * DAY
    end = START + 96 * DAY
    resp = post_batch(zero_fill_server.port, {"Queries": [query("long", "DELIVERY", start, end)]})
    assert resp.status == 200, resp
    result = resp.json()["Results"][0]
    assert len(result["Timestamps"]) == 1096
    assert result["Timestamps"] == list(range(start, end, DAY))
    expected = dict(dataset.recount.series("DELIVERY", None, start, end))
    assert result["Values"] == [expected.get(d, 0) for d in range(start, end, DAY)]
