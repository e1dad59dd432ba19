"""Request smuggling and framing corpus against the live server.

Each case is raw bytes sent on one connection (then a half-close), and the statuses a strict
RFC 9112 reading of those bytes answers: usually one error, then the connection closes. The server
must send exactly those responses (interim 100s aside, checked separately), and the request log
(`GET /_emulator/requests`) must never show a request that was hidden in a body: every smuggled
batch carries the query id "smuggled", every smuggled health check would add a response.
"""
from __future__ import annotations

import json
import socket
import time

import pytest

from recount import DAY, epoch_day
from support import BATCH_PATH, Server, exchange_until_close, http_request, parse_responses, read_response

START = epoch_day("2026-09-01")


def batch_body(qid: str) -> bytes:
    return json.dumps({"Queries": [{"Id": qid, "Namespace": "VDM", "Metric": "SEND",
                                    "StartDate": START, "EndDate": START + DAY}]}).encode()


OUTER = batch_body("outer")
HEALTH = b"GET /_emulator/health HTTP/1.1\r\nHost: x\r\n\r\n"
SMUGGLED = (f"POST {BATCH_PATH} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(batch_body('smuggled'))}\r\n\r\n").encode() + batch_body("smuggled")
HIDDEN = HEALTH + SMUGGLED  # what an attacker hides where a lenient parser would see a new request


def post(headers: str, body: bytes, version: str = "1.1") -> bytes:
    return (f"POST {BATCH_PATH} HTTP/{version}\r\nHost: x\r\nContent-Type: application/json\r\n"
            f"{headers}\r\n").encode() + body


def chunk(data: bytes, size_text: str | None = None, ext: str = "") -> bytes:
    return (size_text if size_text is not None else f"{len(data):x}").encode() + ext.encode() + b"\r\n" + data + b"\r\n"


def chunked(data: bytes, ext: str = "", trailers: str = "") -> bytes:
    half = len(data) // 2
    return chunk(data[:half], ext=ext) + chunk(data[half:], ext=ext) + b"0\r\n" + trailers.encode() + b"\r\n"


def cl(body: bytes) -> str:
    return f"Content-Length: {len(body)}\r\n"


TE = "Transfer-Encoding: chunked\r\n"
ZERO_CHUNK = b"0\r\n\r\n"

# name: (bytes or list of sends, final statuses a strict reading gives, batch requests it logs)
CASES: dict[str, tuple[bytes | list[bytes], list[int], int]] = {
    # --- CL.TE / TE.CL: both framings present is refused outright (RFC 9112 §6.1) ---
    "cl-te": (post(cl(ZERO_CHUNK + HIDDEN) + TE, ZERO_CHUNK + HIDDEN), [400], 0),
    "te-cl": (post(TE + f"Content-Length: 5\r\n", ZERO_CHUNK + HIDDEN), [400], 0),
    "cl-te-short-cl": (post("Content-Length: 3\r\n" + TE, chunked(OUTER) + HIDDEN), [400], 0),
    "te-on-http10": (post(TE, chunked(OUTER) + HIDDEN, version="1.0"), [400], 0),
    # --- TE.TE: obfuscated Transfer-Encoding is refused, never guessed at ---
    "te-xchunked": (post("Transfer-Encoding: xchunked\r\n", ZERO_CHUNK + HIDDEN), [501], 0),
    "te-chunked-identity": (post("Transfer-Encoding: chunked, identity\r\n", ZERO_CHUNK + HIDDEN), [400], 0),
    "te-identity-chunked": (post("Transfer-Encoding: identity, chunked\r\n", ZERO_CHUNK + HIDDEN), [501], 0),
    "te-space-before-colon": (post("Transfer-Encoding : chunked\r\n", ZERO_CHUNK + HIDDEN), [400], 0),
    "te-tab-before-colon": (post("Transfer-Encoding\t: chunked\r\n", ZERO_CHUNK + HIDDEN), [400], 0),
    "te-obs-fold": (post("X-Pad: a\r\n Transfer-Encoding: chunked\r\n", ZERO_CHUNK + HIDDEN), [400], 0),
    "te-folded-value": (post("Transfer-Encoding:\r\n chunked\r\n", ZERO_CHUNK + HIDDEN), [400], 0),
    "te-duplicate": (post(TE + TE, chunked(OUTER) + HIDDEN), [400], 0),
    "te-duplicate-and-cl": (post(TE + TE + cl(ZERO_CHUNK), ZERO_CHUNK + HIDDEN), [400], 0),
    "te-vertical-tab": (post("Transfer-Encoding:\x0bchunked\r\n", ZERO_CHUNK + HIDDEN), [400], 0),
    "te-nul": (post("Transfer-Encoding: chunked\x00\r\n", ZERO_CHUNK + HIDDEN), [400], 0),
    "te-obs-text": (f"POST {BATCH_PATH} HTTP/1.1\r\nHost: x\r\n".encode() + b"Transfer-Encoding: chunked\xff\r\n\r\n"
                    + ZERO_CHUNK + HIDDEN, [501], 0),
    "te-empty-element": (post("Transfer-Encoding: ,chunked\r\n", ZERO_CHUNK + HIDDEN), [501], 0),
    "te-bare-lf-line": (f"POST {BATCH_PATH} HTTP/1.1\r\nHost: x\nTransfer-Encoding: chunked\r\n\r\n".encode()
                        + ZERO_CHUNK + HIDDEN, [400], 0),
    # Valid spellings a strict reading accepts as chunked: the body ends at the last chunk and
    # the health check after it is a real second request.
    "te-tabs-valid": (post("Transfer-Encoding:\tchunked\t\r\n", chunked(OUTER)) + HEALTH, [200, 200], 1),
    "te-uppercase-valid": (post("Transfer-Encoding: CHUNKED\r\n", chunked(OUTER)) + HEALTH, [200, 200], 1),
    # Not a framing field at all: the Content-Length body holds the would-be requests.
    "te-underscore-name": (post("Transfer_Encoding: chunked\r\n" + cl(ZERO_CHUNK + HIDDEN), ZERO_CHUNK + HIDDEN),
                           [400], 1),
    # --- CL.CL ---
    "cl-conflict": (post("Content-Length: 5\r\nContent-Length: 6\r\n", b"{}\r\n\r\n" + HIDDEN), [400], 0),
    "cl-conflict-list": (post("Content-Length: 5, 6\r\n", b"{}\r\n\r\n" + HIDDEN), [400], 0),
    "cl-same-list-valid": (post(f"Content-Length: {len(OUTER)}, {len(OUTER)}\r\n", OUTER) + HEALTH, [200, 200], 1),
    "cl-same-twice-valid": (post(cl(OUTER) + cl(OUTER), OUTER) + HEALTH, [200, 200], 1),
    "cl-leading-zeros-valid": (post(f"Content-Length: 000{len(OUTER)}\r\n", OUTER) + HEALTH, [200, 200], 1),
    "cl-plus": (post(f"Content-Length: +{len(OUTER)}\r\n", OUTER + HIDDEN), [400], 0),
    "cl-negative": (post("Content-Length: -1\r\n", OUTER + HIDDEN), [400], 0),
    "cl-hex": (post("Content-Length: 0x10\r\n", OUTER + HIDDEN), [400], 0),
    "cl-inner-space": (post("Content-Length: 1 0\r\n", OUTER + HIDDEN), [400], 0),
    "cl-empty": (post("Content-Length: \r\n", OUTER + HIDDEN), [400], 0),
    "cl-overflow-64bit": (post("Content-Length: 18446744073709551621\r\n", b"hello" + HIDDEN), [400], 0),
    "cl-huge": (post("Content-Length: 999999999999999999\r\n", HIDDEN), [413], 0),
    "cl-on-get": (b"GET /_emulator/health HTTP/1.1\r\nHost: x\r\n" + cl(HIDDEN).encode() + b"\r\n" + HIDDEN, [200], 0),
    # --- chunk-size tricks ---
    "chunk-0x": (post(TE, chunk(OUTER, "0x" + f"{len(OUTER):x}") + ZERO_CHUNK + HIDDEN), [400], 0),
    "chunk-plus": (post(TE, chunk(OUTER, "+" + f"{len(OUTER):x}") + ZERO_CHUNK + HIDDEN), [400], 0),
    "chunk-minus": (post(TE, chunk(b"", "-1") + HIDDEN), [400], 0),
    "chunk-overflow-64bit": (post(TE, chunk(b"hello", "10000000000000005") + ZERO_CHUNK + HIDDEN), [400], 0),
    "chunk-overflow-ff": (post(TE, chunk(b"", "ffffffffffffffff") + HIDDEN), [400], 0),
    "chunk-leading-space": (post(TE, chunk(OUTER, " " + f"{len(OUTER):x}") + ZERO_CHUNK + HIDDEN), [400], 0),
    "chunk-trailing-space": (post(TE, chunk(OUTER, f"{len(OUTER):x} ") + ZERO_CHUNK + HIDDEN), [400], 0),
    "chunk-lf-only": (post(TE, f"{len(OUTER):x}\n".encode() + OUTER + b"\n0\n\n" + HIDDEN), [400], 0),
    "chunk-bare-cr": (post(TE, f"{len(OUTER):x}\r".encode() + OUTER + b"\r\n0\r\n\r\n" + HIDDEN), [400], 0),
    "chunk-data-longer-than-size": (post(TE, b"5\r\nhelloX\r\n0\r\n\r\n" + HIDDEN), [400], 0),
    "chunk-over-body-limit": (post(TE, b"200000\r\n" + HIDDEN), [413], 0),
    "chunk-no-final-crlf": (post(TE, chunk(OUTER) + b"0\r\n" + HIDDEN), [400], 0),
    "chunk-ext-valid": (post(TE, chunked(OUTER, ext=';name=value;q="a;b"')) + HEALTH, [200, 200], 1),
    "chunk-ext-bws-valid": (post(TE, chunked(OUTER, ext=" ; n = v")) + HEALTH, [200, 200], 1),
    "chunk-ext-ctl": (post(TE, chunked(OUTER, ext=";a=\x01")) + HEALTH, [400], 0),
    "chunk-trailers-valid": (post(TE, chunked(OUTER, trailers="Transfer-Encoding: chunked\r\nContent-Length: 99\r\n"))
                             + HEALTH, [200, 200], 1),
    # --- Expect ---
    "expect-unknown": (post("Expect: 200-ok\r\n" + cl(HIDDEN), HIDDEN), [417], 0),
    # A body sent at once with 100-continue is read as the body, not as a request.
    "expect-early-body": (post("Expect: 100-continue\r\n" + cl(OUTER), OUTER) + HEALTH, [200, 200], 1),
    # Refused before the body: the client's late body (requests inside) is discarded, not parsed.
    "expect-413-late-body": ([post("Expect: 100-continue\r\nContent-Length: 2000000\r\n", b""), HIDDEN * 20],
                             [413], 0),
    "expect-then-body": ([post("Expect: 100-continue\r\n" + cl(OUTER), b""), OUTER + HEALTH], [200, 200], 1),
    # --- pipelined floods ---
    "pipeline-300-health": (HEALTH * 300, [200] * 300, 0),
    "pipeline-100-batches": (b"".join(post(cl(batch_body(f"p{i}")), batch_body(f"p{i}")) for i in range(100)),
                             [200] * 100, 100),
    "pipeline-error-midway": (HEALTH * 5 + post("Content-Length: -1\r\n", HIDDEN) + HEALTH * 5, [200] * 5 + [400], 0),
    "pipeline-bad-chunk-midway": (post(TE, chunked(OUTER)) * 3 + post(TE, b"zz\r\n" + HIDDEN) + HEALTH * 3,
                                  [200] * 3 + [400], 3),
}


@pytest.fixture(scope="module")
def smuggling_server():
    srv = Server(["--host", "127.0.0.1", "--port", "0", "--header-timeout", "5", "--body-timeout", "5"])
    yield srv
    srv.stop()


def logged(srv) -> list[dict]:
    resp = http_request(srv.port, "GET", "/_emulator/requests")
    assert resp.status == 200, resp
    return resp.json()["requests"]


@pytest.mark.parametrize("name", list(CASES))
def test_framing_case(smuggling_server, name):
    data, statuses, batch_count = CASES[name]
    srv = smuggling_server
    assert http_request(srv.port, "DELETE", "/_emulator/requests").status == 200
    blob = exchange_until_close(srv.port, data, timeout=15, pause=0.5)
    responses = parse_responses(blob)
    interim = [r for r in responses if 100 <= r.status < 200]
    final = [r.status for r in responses if not 100 <= r.status < 200]
    assert final == statuses, f"{name}: got {final} (+{len(interim)} interim), strict reading: {statuses}"
    assert all(r.status == 100 for r in interim), interim
    assert len(interim) <= 1, interim
    if statuses and statuses[-1] >= 400 and not (name == "te-underscore-name"):
        assert (responses[-1].header("Connection") or "").lower() == "close", responses[-1]
    if name.startswith("expect-413") or name == "expect-unknown":
        assert not interim, f"100 Continue sent for a request that was refused: {responses}"
    entries = [e for e in logged(srv) if e["path"] == BATCH_PATH]
    ids = [q["id"] for e in entries for q in e["queries"]]
    assert "smuggled" not in ids, f"{name}: a request hidden in a body was handled: {entries}"
    assert len(entries) == batch_count, f"{name}: {len(entries)} batch requests logged, expected {batch_count}"
    # The server is still fine afterwards.
    assert http_request(srv.port, "GET", "/_emulator/health").status == 200


def test_split_delivery_frames_alike(smuggling_server):
    """Every case again, delivered in 7-byte pieces: framing must not depend on TCP segmentation."""
    srv = smuggling_server
    for name, (data, statuses, _) in CASES.items():
        if isinstance(data, list) or len(data) > 4000:
            continue
        pieces = [data[i:i + 7] for i in range(0, len(data), 7)]
        with socket.create_connection(("127.0.0.1", srv.port), timeout=15) as sock:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            blob = b""
            try:
                for p in pieces:
                    sock.sendall(p)
                sock.shutdown(socket.SHUT_WR)
            except (BrokenPipeError, ConnectionResetError):
                pass
            while True:
                try:
                    chunk = sock.recv(65536)
                except ConnectionResetError:
                    break
                if not chunk:
                    break
                blob += chunk
        final = [r.status for r in parse_responses(blob) if not 100 <= r.status < 200]
        assert final == statuses, f"{name} in 7-byte pieces: got {final}, strict reading: {statuses}"
