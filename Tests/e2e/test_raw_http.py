"""The wire, byte for byte: media types, malformed JSON, status codes, headers, keep-alive, curl."""
from __future__ import annotations

import http.client
import json
import socket
import subprocess

import pytest

from recount import DAY, epoch_day
from support import (BATCH_PATH, assert_bad_request, assert_request_id, http_request, post_batch, query,
                     raw_exchange, read_response)

START = epoch_day("2026-09-01")
GOOD = {"Queries": [query("q1", "SEND", START, START + 3 * DAY)]}
GOOD_TEXT = json.dumps(GOOD)
Q = '{"Id":"q1","Namespace":"VDM","Metric":"SEND","StartDate":%s,"EndDate":%s}' % (START, START + 3 * DAY)


def assert_ok_batch(resp, ids=("q1",)):
    assert resp.status == 200, resp
    assert (resp.header("Content-Type") or "").split(";")[0].strip().lower() == "application/json", resp
    assert_request_id(resp)
    body = resp.json()
    assert [r["Id"] for r in body["Results"]] == list(ids)
    assert body.get("Errors", []) == []
    return body


def test_good_request_and_raw_timestamps_are_json_numbers(server, dataset):
    body = assert_ok_batch(post_batch(server.port, GOOD_TEXT))
    result = body["Results"][0]
    assert result["Timestamps"], "the seed data has sends in the first three days"
    for stamp in result["Timestamps"]:
        assert isinstance(stamp, (int, float)) and not isinstance(stamp, bool), f"timestamp not a number: {stamp!r}"
        assert stamp % DAY == 0
    for value in result["Values"]:
        assert isinstance(value, int)
    expected = dataset.recount.series("SEND", None, START, START + 3 * DAY)
    assert list(zip([int(t) for t in result["Timestamps"]], result["Values"])) == expected


# ---------------------------------------------------------------- media types


@pytest.mark.parametrize("content_type", [None, "text/plain", "application/x-amz-json-1.1", "application/jsonx",
                                          "application/xml", "multipart/form-data; boundary=x"])
def test_unsupported_media_type(server, content_type):
    resp = post_batch(server.port, GOOD_TEXT, {"Content-Type": content_type})
    assert resp.status == 415, resp
    assert_request_id(resp)
    assert "UnsupportedMediaTypeException" in ((resp.header("x-amzn-ErrorType") or "") + resp.body.decode()), resp


@pytest.mark.parametrize("content_type", ["application/json; charset=utf-8", "Application/JSON",
                                          "application/json;charset=UTF-8", "APPLICATION/JSON ; charset=utf-8"])
def test_json_media_type_variants_accepted(server, content_type):
    assert_ok_batch(post_batch(server.port, GOOD_TEXT, {"Content-Type": content_type}))


@pytest.mark.parametrize("accept", ["text/html", "text/plain", "application/xml"])
def test_not_acceptable(server, accept):
    resp = post_batch(server.port, GOOD_TEXT, {"Accept": accept})
    assert resp.status == 406, resp
    assert_request_id(resp)
    assert "NotAcceptableException" in ((resp.header("x-amzn-ErrorType") or "") + resp.body.decode()), resp


@pytest.mark.parametrize("accept", ["*/*", "application/json", "application/*", "text/html, application/json;q=0.5"])
def test_acceptable(server, accept):
    assert_ok_batch(post_batch(server.port, GOOD_TEXT, {"Accept": accept}))


def test_415_is_decided_before_406(server):
    resp = post_batch(server.port, GOOD_TEXT, {"Content-Type": "text/plain", "Accept": "text/html"})
    assert resp.status == 415, resp
    resp = post_batch(server.port, GOOD_TEXT, {"Content-Type": None, "Accept": "text/html"})
    assert resp.status == 415, resp


# ---------------------------------------------------------------- malformed JSON and wrong types

MALFORMED = {
    "trailing-garbage": GOOD_TEXT + " x",
    "two-documents": GOOD_TEXT + GOOD_TEXT,
    "line-comment": '{"Queries": [%s] // c\n}' % Q,
    "block-comment": '{"Queries": /* c */ [%s]}' % Q,
    "single-quotes": "{'Queries': [%s]}" % Q,
    "trailing-comma-list": '{"Queries": [%s,]}' % Q,
    "trailing-comma-object": '{"Queries": [%s],}' % Q,
    "nan": '{"Queries": [%s]}' % Q.replace('"StartDate":%d' % START, '"StartDate":NaN'),
    "infinity": '{"Queries": [%s]}' % Q.replace('"EndDate":%d' % (START + 3 * DAY), '"EndDate":Infinity'),
    "top-level-array": "[%s]" % GOOD_TEXT,
    "top-level-string": '"Queries"',
    "top-level-number": "42",
    "top-level-null": "null",
    "string-for-list": '{"Queries": "%s"}' % Q.replace('"', "'"),
    "object-for-list": '{"Queries": %s}' % Q,
    "null-in-list": '{"Queries": [%s, null]}' % Q,
    "null-in-map": '{"Queries": [%s]}' % Q.replace('"Metric"', '"Dimensions":{"ISP":null},"Metric"'),
    "number-in-map": '{"Queries": [%s]}' % Q.replace('"Metric"', '"Dimensions":{"ISP":5},"Metric"'),
    "list-for-map": '{"Queries": [%s]}' % Q.replace('"Metric"', '"Dimensions":["ISP"],"Metric"'),
    "string-for-timestamp": '{"Queries": [%s]}' % Q.replace('"StartDate":%d' % START, '"StartDate":"2026-09-01"'),
    "bool-for-timestamp": '{"Queries": [%s]}' % Q.replace('"StartDate":%d' % START, '"StartDate":true'),
    "number-for-string": '{"Queries": [%s]}' % Q.replace('"Id":"q1"', '"Id":5'),
    "huge-number": '{"Queries": [%s]}' % Q.replace('"StartDate":%d' % START, '"StartDate":1e400'),
    "huge-integer": '{"Queries": [%s]}' % Q.replace('"StartDate":%d' % START, '"StartDate":' + "9" * 40),
    "unterminated": '{"Queries": [%s' % Q,
    "bare-word": '{"Queries": [%s], "x": undefined}' % Q,
    "leading-plus": '{"Queries": [%s]}' % Q.replace('"StartDate":%d' % START, '"StartDate":+%d' % START),
    "leading-zero": '{"Queries": [%s]}' % Q.replace('"StartDate":%d' % START, '"StartDate":0%d' % START),
    "control-char-in-string": '{"Queries": [%s]}' % Q.replace('"Id":"q1"', '"Id":"q\x01"'),
    "invalid-utf8": b'{"Queries": [' + Q.replace('"Id":"q1"', '"Id":"q\xff"').encode("latin-1") + b"]}",
}


@pytest.mark.parametrize("name", list(MALFORMED))
def test_unreadable_body_is_a_serialization_error(server, name):
    """What the deserializer cannot read (syntax, JSON types, dates that are no timestamp) is AWS's SerializationException."""
    assert_bad_request(post_batch(server.port, MALFORMED[name]), code="SerializationException")


def test_empty_body_is_missing_queries(server):
    message = assert_bad_request(post_batch(server.port, ""))
    assert message == ("1 validation error detected: Value at 'queries' failed to satisfy constraint: "
                       "Member must not be null")


def test_duplicate_keys_last_wins(server):
    body = '{"Queries": [%s]}' % Q.replace('"Metric":"SEND"', '"Metric":"BOUNCE","Metric":"SEND"')
    assert_ok_batch(post_batch(server.port, body))
    body = '{"Queries": [%s]}' % Q.replace('"Metric":"SEND"', '"Metric":"SEND","Metric":"BOUNCE"')
    assert "BOUNCE" in assert_bad_request(post_batch(server.port, body))


def test_whitespace_and_escapes_are_fine(server):
    body = ' \r\n\t{ "Queries" : [ %s ] } \n' % Q.replace('"Id":"q1"', '"Id":"\\u0071\\u0031"')
    assert_ok_batch(post_batch(server.port, body))


@pytest.mark.parametrize("stamp,good", [(f"{START}.0", True), (f"{START}.5", False), (f"{START}.000", True),
                                        (f"{START}e0", True), (f"{START + 1}", False)])
def test_fractional_epoch_start(server, stamp, good):
    body = '{"Queries": [%s]}' % Q.replace('"StartDate":%d' % START, '"StartDate":' + stamp)
    resp = post_batch(server.port, body)
    if good:
        assert_ok_batch(resp)
    else:
        assert_bad_request(resp)


def test_fractional_epoch_end(server):
    end = START + 3 * DAY
    assert_ok_batch(post_batch(server.port, '{"Queries": [%s]}' % Q.replace(f'"EndDate":{end}', f'"EndDate":{end}.0')))
    assert_bad_request(post_batch(server.port, '{"Queries": [%s]}' % Q.replace(f'"EndDate":{end}', f'"EndDate":{end}.25')))


# ---------------------------------------------------------------- routing, headers


def test_unknown_path_404(server):
    for method, path in [("PUT", "/"), ("POST", "/nope"), ("GET", "/v2/metrics/batch"), ("GET", "/v3/email"), ("GET", "/_emulator/nope")]:
        resp = http_request(server.port, method, path, body=b"{}" if method == "POST" else None,
                            headers={"Content-Type": "application/json"} if method == "POST" else None)
        assert resp.status == 404, (method, path, resp)
        assert_request_id(resp)


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE", "PATCH"])
def test_batch_path_other_method_405(server, method):
    resp = http_request(server.port, method, BATCH_PATH)
    assert resp.status == 405, resp
    allow = [m.strip() for m in (resp.header("Allow") or "").split(",")]
    assert "POST" in allow, resp
    assert_request_id(resp)


@pytest.mark.parametrize("method,path", [("GET", "/v2/email/no-such-thing"), ("POST", "/v2/email/contact-lists/x/y/z"),
                                         ("DELETE", "/v2/email/suppression"), ("GET", "/v2/email/")])
def test_other_sesv2_operations_501(server, method, path):
    resp = http_request(server.port, method, path, body=b"{}" if method == "POST" else None,
                        headers={"Content-Type": "application/json"} if method == "POST" else None)
    assert resp.status == 501, resp
    assert_request_id(resp)
    assert (resp.header("Content-Type") or "").lower().startswith("application/json"), resp
    body = resp.json()
    assert isinstance(body.get("message"), str) and body["message"], body


def test_health_get(server, dataset):
    resp = http_request(server.port, "GET", "/_emulator/health")
    assert resp.status == 200, resp
    assert_request_id(resp)
    body = resp.json()
    assert body["status"] == "ready"
    assert isinstance(body["version"], str) and body["version"]
    assert body["events"] == len(dataset.events)


def test_health_head(server):
    get = http_request(server.port, "GET", "/_emulator/health")
    resp = http_request(server.port, "HEAD", "/_emulator/health")
    assert resp.status == 200, resp
    assert_request_id(resp)
    length = resp.header("Content-Length")
    assert length is None or int(length) == len(get.body), (resp, get)
    # nothing must follow the head: the next bytes on the connection would be a bogus response
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(b"HEAD /_emulator/health HTTP/1.1\r\nHost: x\r\n\r\n"
                     b"GET /_emulator/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        first = read_response(sock, head_request=True)
        second = read_response(sock)
    assert first.status == 200 and second.status == 200, (first, second)
    assert second.json()["status"] == "ready"


def test_every_response_has_request_id_and_date(server):
    ids = set()
    for resp in [post_batch(server.port, GOOD_TEXT), post_batch(server.port, "nope"),
                 post_batch(server.port, GOOD_TEXT, {"Content-Type": None}),
                 http_request(server.port, "GET", "/missing"), http_request(server.port, "GET", BATCH_PATH)]:
        assert_request_id(resp)
        ids.add(resp.header("x-amzn-RequestId"))
    assert len(ids) == 5, "request ids must differ per request"


# ---------------------------------------------------------------- connections


def test_keep_alive_reuse_with_http_client(server, dataset):
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        local_addresses = set()
        for i in range(5):
            conn.request("POST", BATCH_PATH, body=GOOD_TEXT if i % 2 == 0 else "bad json",
                         headers={"Content-Type": "application/json"})
            resp = conn.getresponse()
            body = resp.read()
            assert resp.status == (200 if i % 2 == 0 else 400), body
            assert not resp.will_close, "the server closed a keep-alive connection"
            local_addresses.add(conn.sock.getsockname())
        conn.request("GET", "/_emulator/health")
        resp = conn.getresponse()
        assert json.loads(resp.read())["events"] == len(dataset.events)
        local_addresses.add(conn.sock.getsockname())
        assert len(local_addresses) == 1, f"connection was not reused: {local_addresses}"
    finally:
        conn.close()


def test_pipelined_requests(server):
    req = (f"POST {BATCH_PATH} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
           f"Content-Length: {len(GOOD_TEXT)}\r\n\r\n{GOOD_TEXT}").encode()
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(req + req)
        first, second = read_response(sock), read_response(sock)
    assert first.status == second.status == 200
    assert first.json()["Results"] == second.json()["Results"]
    assert first.header("x-amzn-RequestId") != second.header("x-amzn-RequestId")


def test_chunked_request_body(server):
    body = GOOD_TEXT.encode()
    chunked = b"".join(b"%x\r\n%s\r\n" % (len(body[i:i + 7]), body[i:i + 7]) for i in range(0, len(body), 7)) + b"0\r\n\r\n"
    resp = raw_exchange(server.port, (f"POST {BATCH_PATH} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                      f"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n").encode() + chunked)
    assert_ok_batch(resp)


def curl(args: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run(["curl", "-sS", "-i", "--max-time", "10", *args], capture_output=True, timeout=20)


def split_curl(output: bytes) -> tuple[int, dict[str, str], bytes]:
    # skip interim 100 Continue responses
    while output.startswith(b"HTTP/1.1 100"):
        output = output.split(b"\r\n\r\n", 1)[1]
    head, _, body = output.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in lines[1:]:
        k, _, v = line.partition(":")
        headers[k.strip().lower()] = v.strip()
    return int(lines[0].split()[1]), headers, body


def test_curl_round_trip(server, dataset):
    result = curl(["-H", "Content-Type: application/json", "--data", GOOD_TEXT, server.url + BATCH_PATH])
    assert result.returncode == 0, result.stderr
    status, headers, body = split_curl(result.stdout)
    assert status == 200, result.stdout
    assert "x-amzn-requestid" in headers
    parsed = json.loads(body)
    expected = dataset.recount.series("SEND", None, START, START + 3 * DAY)
    result0 = parsed["Results"][0]
    assert [(int(t), v) for t, v in zip(result0["Timestamps"], result0["Values"])] == expected


def test_curl_form_content_type_is_415(server):
    # curl --data without -H sends application/x-www-form-urlencoded
    result = curl(["--data", GOOD_TEXT, server.url + BATCH_PATH])
    assert result.returncode == 0, result.stderr
    assert split_curl(result.stdout)[0] == 415


def test_curl_expect_100_continue_and_chunked(server):
    result = curl(["-H", "Content-Type: application/json", "-H", "Expect: 100-continue",
                   "--data", GOOD_TEXT, server.url + BATCH_PATH])
    assert result.returncode == 0, result.stderr
    assert split_curl(result.stdout)[0] == 200, result.stdout
    result = curl(["-H", "Content-Type: application/json", "-H", "Transfer-Encoding: chunked",
                   "--data", GOOD_TEXT, server.url + BATCH_PATH])
    assert result.returncode == 0, result.stderr
    assert split_curl(result.stdout)[0] == 200, result.stdout


def test_curl_head_health(server):
    result = curl(["-I", server.url + "/_emulator/health"])
    assert result.returncode == 0, result.stderr
    assert split_curl(result.stdout)[0] == 200
