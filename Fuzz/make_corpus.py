#!/usr/bin/env python3
"""Writes the seed corpora (valid requests) into Fuzz/corpus/{http-parser,batch-request}.

HTTP parser seeds carry the target's 3-byte prefix: body-limit selector (4 → 1024 bytes) and a
big-endian split point. Run again after changing the seeds; libFuzzer's own findings are kept out
of git (they go to Fuzz/.build/corpus)."""
import json
import os
from pathlib import Path

HERE = Path(__file__).resolve().parent
BATCH = "/v2/email/metrics/batch"

queries = [
    {"Id": "q1", "Namespace": "VDM", "Metric": "SEND", "StartDate": 1790812800, "EndDate": 1793404800},
    {"Id": "opens", "Namespace": "VDM", "Metric": "OPEN", "Dimensions": {"ISP": "Gmail"},
     "StartDate": 1790812800, "EndDate": 1791417600},
    {"Id": "c", "Namespace": "VDM", "Metric": "DELIVERY_COMPLAINT",
     "Dimensions": {"EMAIL_IDENTITY": "example.com", "CONFIGURATION_SET": "marketing", "ISP": "*"},
     "StartDate": 1790812800.0, "EndDate": 1790899200},
]
bodies = {
    "one-query": {"Queries": queries[:1]},
    "three-queries": {"Queries": queries},
    "ten-queries": {"Queries": [dict(queries[0], Id=f"q{i}") for i in range(10)]},
    "dimensions": {"Queries": [queries[2]]},
    "fraction-dates": {"Queries": [dict(queries[0], StartDate=1790812800.5)]},
    "unknown-member": {"Queries": queries[:1], "Extra": [1, 2.5e3, None, True, {"a": "\u00e9\\n"}]},
    "empty-object": {},
    "nulls": {"Queries": [{"Id": None, "Namespace": "VDM", "Metric": "CLICK", "Dimensions": None,
                           "StartDate": 1790812800, "EndDate": 1790899200}]},
}


def botocore_request(body: bytes, extra: str = "") -> bytes:
    # The shape botocore sends: signed headers, keep-alive, Content-Length.
    return (f"POST {BATCH} HTTP/1.1\r\nHost: 127.0.0.1:4579\r\nAccept-Encoding: identity\r\n"
            "Content-Type: application/json\r\nUser-Agent: Boto3/1.34.0 md/Botocore#1.34.0 ua/2.0 os/linux\r\n"
            "X-Amz-Date: 20261128T120000Z\r\nAuthorization: AWS4-HMAC-SHA256 Credential=test/20261128/us-east-1/ses/"
            "aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=" + "0" * 64 + "\r\n"
            f"{extra}Content-Length: {len(body)}\r\n\r\n").encode() + body


def chunked(body: bytes, sizes=(7, 1, 16)) -> bytes:
    out, i, k = b"", 0, 0
    while i < len(body):
        n = sizes[k % len(sizes)]
        out += f"{n:x}".encode() + (b";ext=1" if k == 1 else b"") + b"\r\n" + body[i:i + n] + b"\r\n"
        i += n
        k += 1
    return out + b"0\r\nX-Trailer: t\r\n\r\n"


small = json.dumps({"Queries": queries[:1]}, separators=(",", ":")).encode()
health = b"GET /_emulator/health HTTP/1.1\r\nHost: localhost\r\n\r\n"
http_seeds = {
    "botocore-batch": botocore_request(small),
    "curl-get": b"GET /_emulator/health HTTP/1.1\r\nHost: 127.0.0.1:4579\r\nUser-Agent: curl/8.5.0\r\nAccept: */*\r\n\r\n",
    "head-http10": b"HEAD /_localstack/health HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
    "chunked": (f"POST {BATCH} HTTP/1.1\r\nHost: h\r\nContent-Type: application/json\r\n"
                "Transfer-Encoding: chunked\r\n\r\n").encode() + chunked(small[:60]),
    "pipelined": health + botocore_request(small[:200]) + b"DELETE /_emulator/requests HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n",
    "expect-100": (f"POST {BATCH} HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n{{}}").encode(),
    "absolute-form-query": b"GET http://h:4579/v2/email/x%20y?a=1&b&c=%41 HTTP/1.1\r\nHost: h\r\n\r\n",
    "options-star": b"\r\nOPTIONS * HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n",
    "cl-list": b"POST /_emulator/events HTTP/1.1\r\nHost: h\r\nContent-Length: 3, 3\r\n\r\nabc",
}

for name in ("batch-request", "http-parser"):
    (HERE / "corpus" / name).mkdir(parents=True, exist_ok=True)
for name, body in bodies.items():
    (HERE / "corpus" / "batch-request" / name).write_bytes(json.dumps(body, indent=1 if "query" in name else None).encode())
for name, data in http_seeds.items():
    split = min(len(data) // 2, 0xFFFF)
    (HERE / "corpus" / "http-parser" / name).write_bytes(bytes([4, split >> 8, split & 0xFF]) + data)
print("seeds:", len(bodies), "batch bodies,", len(http_seeds), "HTTP streams")

# The smuggling/framing corpus of the e2e suite, as parser seeds (those within the fuzzers' max_len).
import sys  # noqa: E402
sys.path.insert(0, str(HERE.parent / "Tests" / "e2e"))
from test_smuggling import CASES  # noqa: E402
count = 0
for name, (data, _, _) in CASES.items():
    data = b"".join(data) if isinstance(data, list) else data
    if len(data) + 3 > 4096:
        continue
    split = len(data) // 3
    (HERE / "corpus" / "http-parser" / f"smuggle-{name}").write_bytes(bytes([4, split >> 8, split & 0xFF]) + data)
    count += 1
print("seeds:", count, "smuggling cases")
