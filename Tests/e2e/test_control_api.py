"""Issue 5 end to end: the control API, fault injection and quotas, driven by boto3, curl-like raw
HTTP and the aws CLI against the real binary."""
from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import time

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from support import control, http_request, raw_exchange, write_ndjson

DAY = dt.datetime(2026, 11, 1, tzinfo=dt.timezone.utc)
NEXT = DAY + dt.timedelta(days=1)

EVENTS = [
    {"type": "SEND", "timestamp": "2026-11-01T10:00:00Z", "emailIdentity": "a.example", "isp": "Gmail", "eventId": "s1"},
    {"type": "SEND", "timestamp": "2026-11-01T11:00:00Z", "emailIdentity": "blocked.example", "isp": "Gmail", "eventId": "s2"},
    {"type": "OPEN", "timestamp": "2026-11-01T12:00:00Z", "emailIdentity": "a.example", "isp": "Yahoo", "messageId": "m1"},
]


def client(url: str, key: str = "test", region: str = "us-east-1"):
    # retries off: botocore's max_attempts counts retries, total_max_attempts counts attempts
    return boto3.client("sesv2", endpoint_url=url, region_name=region, aws_access_key_id=key,
                        aws_secret_access_key="secret",
                        config=Config(retries={"total_max_attempts": 1}, connect_timeout=5, read_timeout=20))


def query(qid: str, metric: str = "SEND", **dims) -> dict:
    q = {"Id": qid, "Namespace": "VDM", "Metric": metric, "StartDate": DAY, "EndDate": NEXT}
    if dims:
        q["Dimensions"] = dims
    return q


@pytest.fixture
def seeded(tmp_path, start_server):
    """A server (quotas off) seeded with EVENTS; returns (server, seed file)."""
    seed = tmp_path / "seed.ndjson"
    write_ndjson(seed, EVENTS)

    def start(*extra: str):
        return start_server(["--port", "0", "--seed-data", str(seed), *extra])
    return start


def test_access_denied_for_one_key_and_not_another(seeded):
    server = seeded()
    resp = control(server, "PUT", "/_emulator/faults", {"queryFaults": [
        {"code": "ACCESS_DENIED", "match": {"accessKeyId": "AKIDREADONLY", "emailIdentity": "blocked.example"}}]})
    assert resp.status == 200, resp
    queries = [query("blocked", EMAIL_IDENTITY="blocked.example"), query("fine", EMAIL_IDENTITY="a.example")]
    denied = client(server.url, "AKIDREADONLY").batch_get_metric_data(Queries=queries)
    assert [r["Id"] for r in denied["Results"]] == ["fine"]
    assert denied["Errors"] == [{"Id": "blocked", "Code": "ACCESS_DENIED",
                                 "Message": "You do not have sufficient access to perform this action."}]
    allowed = client(server.url, "AKIDOTHER").batch_get_metric_data(Queries=queries)
    assert [r["Values"] for r in allowed["Results"]] == [[1], [1]]
    assert allowed["Errors"] == []


def test_internal_failure_on_a_metric_while_others_succeed(seeded):
    server = seeded()
    control(server, "PUT", "/_emulator/faults", {"queryFaults": [{"code": "INTERNAL_FAILURE", "message": "boom", "match": {"metric": "OPEN"}}]})
    out = client(server.url).batch_get_metric_data(Queries=[query("s"), query("o", "OPEN"), query("s2", ISP="Gmail")])
    assert [r["Id"] for r in out["Results"]] == ["s", "s2"]
    assert [r["Values"] for r in out["Results"]] == [[2], [2]]
    assert out["Errors"] == [{"Id": "o", "Code": "INTERNAL_FAILURE", "Message": "boom"}]


def test_limit_stops_a_rule_and_writes_reset_it(seeded):
    server = seeded()
    config = {"queryFaults": [{"code": "INTERNAL_FAILURE", "limit": 2}]}
    control(server, "PUT", "/_emulator/faults", config)
    ses = client(server.url)
    failed = [len(ses.batch_get_metric_data(Queries=[query("q")])["Errors"]) for _ in range(4)]
    assert failed == [1, 1, 0, 0]
    control(server, "PUT", "/_emulator/faults", config)
    assert len(ses.batch_get_metric_data(Queries=[query("q")])["Errors"]) == 1, "a write zeroes the counters"


def test_seeded_probability_is_reproduced_across_two_server_runs(seeded, tmp_path):
    faults = tmp_path / "faults.json"
    faults.write_text(json.dumps({"seed": 99, "queryFaults": [{"code": "INTERNAL_FAILURE", "probability": 0.5}]}))
    patterns = []
    for _ in range(2):
        server = seeded("--faults", str(faults))
        ses = client(server.url)
        pattern = []
        for i in range(6):
            out = ses.batch_get_metric_data(Queries=[query(f"q{i}-{j}") for j in range(5)])
            pattern.append(tuple(sorted(e["Id"] for e in out["Errors"])))
        patterns.append(pattern)
        server.stop()
    assert patterns[0] == patterns[1]
    flat = [x for p in patterns[0] for x in p]
    assert 0 < len(flat) < 30, "p = 0.5 over 30 queries fails some, not all"


@pytest.mark.parametrize("status,code,exception", [
    (500, "InternalServiceErrorException", "InternalServiceErrorException"),
    (429, "TooManyRequestsException", "TooManyRequestsException"),
    (404, "NotFoundException", "NotFoundException"),
    (400, "BadRequestException", "BadRequestException"),
])
def test_request_faults_raise_the_right_boto3_exception(seeded, status, code, exception):
    server = seeded()
    control(server, "PUT", "/_emulator/faults", {"requestFaults": [
        {"operation": "BatchGetMetricData", "match": {"accessKeyId": "AKIDFLAKY"}, "error": {"statusCode": status, "code": code}}]})
    ses = client(server.url, "AKIDFLAKY")
    with pytest.raises(getattr(ses.exceptions, exception)) as info:
        ses.batch_get_metric_data(Queries=[query("q")])
    assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == status
    assert client(server.url, "AKIDSTEADY").batch_get_metric_data(Queries=[query("q")])["Results"][0]["Values"] == [2]


def test_request_fault_without_error_is_service_unavailable(seeded):
    server = seeded()
    control(server, "PUT", "/_emulator/faults", {"requestFaults": [{"service": "sesv2"}]})
    with pytest.raises(ClientError) as info:
        client(server.url).batch_get_metric_data(Queries=[query("q")])
    assert info.value.response["Error"]["Code"] == "ServiceUnavailable"
    assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == 503


def test_latency_delays_every_ses_response(seeded):
    server = seeded()
    control(server, "PUT", "/_emulator/faults", {"latencyMs": 400})
    ses = client(server.url)
    started = time.monotonic()
    ses.batch_get_metric_data(Queries=[query("q")])
    assert time.monotonic() - started >= 0.4
    started = time.monotonic()
    with pytest.raises(ses.exceptions.BadRequestException):
        client(server.url).batch_get_metric_data(Queries=[query("q", "SEND", ISP="Mail.ru")])
    assert time.monotonic() - started >= 0.4, "errors are delayed too"
    assert control(server, "GET", "/_emulator/health").status == 200


def test_invalid_fault_configuration_is_refused_and_previous_stays(seeded):
    server = seeded()
    good = {"queryFaults": [{"code": "ACCESS_DENIED"}]}
    assert control(server, "PUT", "/_emulator/faults", good).status == 200
    for bad, fragment in [
        ({"queryFaults": [{"code": "NOPE"}]}, "queryFaults[0].code"),
        ({"queryFaults": [{"code": "ACCESS_DENIED", "probability": 2}]}, "probability"),
        ({"requestFaults": [{"error": {"statusCode": 302, "code": "Found"}}]}, "statusCode"),
        ({"latency": 5}, "unknown field latency"),
    ]:
        resp = control(server, "PUT", "/_emulator/faults", bad)
        assert resp.status == 400, resp
        assert fragment in resp.json()["message"]
    assert json.loads(control(server, "GET", "/_emulator/faults").body)["queryFaults"][0]["code"] == "ACCESS_DENIED"
    assert control(server, "DELETE", "/_emulator/faults").status == 200
    assert json.loads(control(server, "GET", "/_emulator/faults").body)["queryFaults"] == []


def test_bad_faults_file_exits_2_before_listening(tmp_path):
    from support import run_cli
    faults = tmp_path / "faults.json"
    faults.write_text('{"queryFaults":[{"code":"ACCESS_DENIED","probability":-1}]}')
    result = run_cli(["serve", "--port", "0", "--faults", str(faults)], timeout=30)
    assert result.returncode == 2
    assert str(faults) in result.stderr.decode() and "probability" in result.stderr.decode()
    assert b"listening" not in result.stdout


def test_localstack_chaos_endpoints_are_a_view_of_request_faults(seeded):
    server = seeded()
    rule = {"service": "sesv2", "operation": "BatchGetMetricData", "region": "eu-west-1", "probability": 1,
            "error": {"statusCode": 500, "code": "InternalServiceErrorException"}}
    resp = control(server, "POST", "/_localstack/chaos/faults", [rule])
    assert resp.status == 200 and resp.json() == [rule]
    listed = json.loads(control(server, "GET", "/_emulator/faults").body)["requestFaults"]
    assert listed[0]["match"] == {"region": "eu-west-1"}
    with pytest.raises(client(server.url).exceptions.InternalServiceErrorException):
        client(server.url, region="eu-west-1").batch_get_metric_data(Queries=[query("q")])
    client(server.url, region="us-east-1").batch_get_metric_data(Queries=[query("q")])  # other region: fine

    other = {"service": "ses", "operation": "BatchGetMetricData", "probability": 1}
    assert control(server, "PATCH", "/_localstack/chaos/faults", [other]).json() == [rule, other]
    assert control(server, "DELETE", "/_localstack/chaos/faults", [rule]).json() == [other]
    with pytest.raises(ClientError) as info:
        client(server.url).batch_get_metric_data(Queries=[query("q")])
    assert info.value.response["Error"]["Code"] == "ServiceUnavailable"
    assert control(server, "POST", "/_localstack/chaos/faults", []).json() == []

    assert control(server, "POST", "/_localstack/chaos/effects", {"latency": 250}).json() == {"latency": 250}
    assert json.loads(control(server, "GET", "/_emulator/faults").body)["latencyMs"] == 250
    assert control(server, "GET", "/_localstack/chaos/effects").json() == {"latency": 250}


def test_localstack_health_and_no_control_api(seeded):
    server = seeded("--no-control-api")
    health = control(server, "GET", "/_localstack/health")
    assert health.status == 200
    assert health.json()["services"] == {"sesv2": "running"} and health.json()["edition"] == "community"
    assert control(server, "GET", "/_emulator/health").status == 200
    assert control(server, "GET", "/_emulator/faults").status == 404
    assert control(server, "POST", "/_emulator/reset").status == 404
    assert control(server, "POST", "/_localstack/chaos/faults", []).status == 404


def test_event_batches_are_atomic_and_idempotent(seeded):
    server = seeded()
    ses = client(server.url)
    ndjson = "".join(json.dumps(e) + "\n" for e in [
        {"type": "SEND", "timestamp": "2026-11-01T13:00:00Z", "emailIdentity": "a.example", "isp": "Gmail", "eventId": "n1"},
        {"type": "SEND", "timestamp": "2026-11-01T14:00:00Z", "emailIdentity": "a.example", "isp": "Gmail", "eventId": "s1"},
    ])
    resp = control(server, "POST", "/_emulator/events", ndjson, "application/x-ndjson")
    assert resp.status == 200 and resp.json() == {"accepted": 1, "duplicates": 1}

    bad = ndjson.replace('"n1"', '"n2"') + '{"type":"SEND","timestamp":"2026-11-01T15:00:00Z","emailIdentity":"a.example","isp":"Gmail","recipientCount":0}\n'
    resp = control(server, "POST", "/_emulator/events", bad, "application/x-ndjson; charset=utf-8")
    assert resp.status == 400
    assert "line 3" in resp.json()["message"] and "recipientCount" in resp.json()["message"]
    array = json.dumps([{"type": "SEND", "timestamp": "2026-11-01T15:00:00Z", "emailIdentity": "a.example", "isp": "Gmail"},
                        {"type": "SEND", "timestamp": "2026-11-01T15:00:00Z", "emailIdentity": "a.example", "isp": "Mail.ru"}])
    resp = control(server, "POST", "/_emulator/events", array)
    assert resp.status == 400 and "index 1" in resp.json()["message"] and "isp" in resp.json()["message"]
    assert control(server, "POST", "/_emulator/events", "{}", "text/plain").status == 415
    assert http_request(server.port, "POST", "/_emulator/events", "[]").status == 415

    out = ses.batch_get_metric_data(Queries=[query("q", EMAIL_IDENTITY="a.example")])
    assert out["Results"][0]["Values"] == [2], "only the one good new event of the first batch was stored"
    assert server.health()["events"] == 4


def test_reset_returns_to_the_seed_state(seeded, tmp_path):
    faults = tmp_path / "faults.json"
    faults.write_text(json.dumps({"queryFaults": [{"code": "ACCESS_DENIED", "match": {"metric": "CLICK"}}]}))
    server = seeded("--faults", str(faults))
    control(server, "POST", "/_emulator/events", json.dumps([{"type": "SEND", "timestamp": "2026-11-01T15:00:00Z",
                                                               "emailIdentity": "x.example", "isp": "Gmail"}]))
    control(server, "PUT", "/_emulator/faults", {"latencyMs": 1})
    client(server.url).batch_get_metric_data(Queries=[query("q")])
    assert server.health()["events"] == 4
    resp = control(server, "POST", "/_emulator/reset")
    assert resp.status == 200, resp
    assert server.health()["events"] == 3
    assert json.loads(control(server, "GET", "/_emulator/faults").body)["queryFaults"][0]["match"] == {"metric": "CLICK"}
    assert json.loads(control(server, "GET", "/_emulator/requests").body)["requests"] == []
    assert control(server, "DELETE", "/_emulator/events").json() == {"deleted": 3}
    assert server.health()["events"] == 0


def test_request_log_lists_ses_calls_newest_last(seeded):
    server = seeded("--request-log-size", "3")
    ses = client(server.url, "AKIDLOG")
    for i in range(4):
        ses.batch_get_metric_data(Queries=[query(f"q{i}"), query(f"o{i}", "OPEN")])
    with pytest.raises(ses.exceptions.BadRequestException):
        ses.batch_get_metric_data(Queries=[query("bad", "SEND", ISP="No.pe")])
    entries = json.loads(control(server, "GET", "/_emulator/requests").body)["requests"]
    assert len(entries) == 3
    assert [e["queries"] for e in entries[:2]] == [[{"id": "q2", "metric": "SEND"}, {"id": "o2", "metric": "OPEN"}],
                                                   [{"id": "q3", "metric": "SEND"}, {"id": "o3", "metric": "OPEN"}]]
    last = entries[-1]
    assert last["status"] == 400 and last["operation"] == "BatchGetMetricData" and last["accessKeyId"] == "AKIDLOG"
    assert last["errorCode"] == "BadRequestException" and last["errorMessage"] == "Invalid ISP name provided."
    assert last["method"] == "POST" and last["path"] == "/v2/email/metrics/batch"
    assert len(last["requestId"]) == 36 and last["time"].endswith("Z") and last["durationMs"] >= 0
    assert control(server, "DELETE", "/_emulator/requests").status == 200
    assert json.loads(control(server, "GET", "/_emulator/requests").body)["requests"] == []


def test_quota_throttles_a_burst_within_the_bucket(tmp_path, start_server):
    server = start_server(["--port", "0", "--rate-limit", "16:160"])  # AWS's default quotas
    ses = client(server.url, "AKIDBURST")
    started = time.monotonic()
    ok = throttled = 0
    for _ in range(60):
        try:
            ses.batch_get_metric_data(Queries=[query("q")])
            ok += 1
        except ses.exceptions.TooManyRequestsException as error:
            assert error.response["Error"]["Message"] == "Rate exceeded"
            throttled += 1
    elapsed = time.monotonic() - started
    assert throttled > 0
    assert ok <= 16 + 16 * elapsed + 1, (ok, elapsed)
    # another key has its own full bucket; two calls of 10 queries each pass at once
    other = client(server.url, "AKIDCALM")
    for _ in range(2):
        assert len(other.batch_get_metric_data(Queries=[query(f"q{i}") for i in range(10)])["Results"]) == 10


def test_quota_counts_queries_and_refused_requests_take_no_tokens(start_server):
    server = start_server(["--port", "0", "--rate-limit", "100:15"])
    ses = client(server.url, "AKIDQ")
    for _ in range(5):  # invalid requests are refused before the quota check
        with pytest.raises(ses.exceptions.BadRequestException):
            ses.batch_get_metric_data(Queries=[query("x", "SEND", ISP="No.pe")])
    ses.batch_get_metric_data(Queries=[query(f"q{i}") for i in range(10)])
    with pytest.raises(ses.exceptions.TooManyRequestsException):
        ses.batch_get_metric_data(Queries=[query(f"q{i}") for i in range(10)])
    ses.batch_get_metric_data(Queries=[query(f"q{i}") for i in range(4)])  # the refused call took nothing


def test_aws_cli_with_default_retries_succeeds_after_a_burst(start_server):
    server = start_server(["--port", "0", "--rate-limit", "16:160"])
    ses = client(server.url)
    for _ in range(40):
        try:
            ses.batch_get_metric_data(Queries=[query("q")])
        except ses.exceptions.TooManyRequestsException:
            pass
    env = dict(os.environ, AWS_ACCESS_KEY_ID="test", AWS_SECRET_ACCESS_KEY="secret", AWS_DEFAULT_REGION="us-east-1")
    queries = json.dumps([{"Id": "q", "Namespace": "VDM", "Metric": "SEND",
                           "StartDate": "2026-11-01T00:00:00Z", "EndDate": "2026-11-02T00:00:00Z"}])
    result = subprocess.run(["aws", "sesv2", "batch-get-metric-data", "--endpoint-url", server.url, "--queries", queries],
                            capture_output=True, timeout=120, env=env)
    assert result.returncode == 0, result.stderr.decode()
    assert json.loads(result.stdout)["Results"][0]["Id"] == "q"


def test_cross_site_browser_requests_cannot_change_state(start_server):
    """A page on another site (or a DNS name rebound to 127.0.0.1) must not reset the emulator."""
    srv = start_server(["--port", "0"])
    control(srv, "POST", "/_emulator/events", '{"type":"SEND","timestamp":1790812800,"emailIdentity":"a.com","isp":"Gmail"}\n',
            content_type="application/x-ndjson")
    host = f"127.0.0.1:{srv.port}"
    rebound = (f"POST /_emulator/reset HTTP/1.1\r\nHost: rebound.example:{srv.port}\r\n"
               f"Origin: http://rebound.example:{srv.port}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").encode()
    refused = [http_request(srv.port, "POST", "/_emulator/reset", headers={"Origin": "http://evil.example"}),
               http_request(srv.port, "POST", "/_emulator/reset", headers={"Sec-Fetch-Site": "cross-site"}),
               raw_exchange(srv.port, rebound)]
    for resp in refused:
        assert resp.status == 403, resp
        assert resp.header("x-amzn-ErrorType").startswith("AccessDeniedException"), resp
    assert srv.health()["events"] == 1, "a refused reset deleted nothing"
    same = http_request(srv.port, "POST", "/_emulator/reset", headers={"Origin": f"http://{host}", "Sec-Fetch-Site": "same-origin"})
    assert same.status == 200, same
    assert srv.health()["events"] == 0
