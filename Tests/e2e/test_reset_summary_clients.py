"""Reset confirmation, the data summary, the README's examples, 413s that name their option, SES v1
clients on the same endpoint, and LocalStack's chaos DELETE, info and init shapes: end to end
against the real binary."""
from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
from pathlib import Path

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from support import aws_cli_env, control, http_request, make_client, write_ndjson

README = Path(__file__).resolve().parents[2] / "README.md"

SEED = [
    {"type": "SEND", "timestamp": "2026-11-01T10:00:00Z", "emailIdentity": "a.example", "configurationSet": "cs",
     "isp": "Gmail", "eventId": "s1"},
    {"type": "DELIVERY", "timestamp": "2026-11-03T11:00:00Z", "emailIdentity": "b.example", "isp": "Yahoo",
     "eventId": "d1"},
    # counted by no metric: in the event count only
    {"type": "SEND", "timestamp": "2026-11-02T10:00:00Z", "emailIdentity": "a.example", "isp": "Gmail",
     "mailboxSimulator": True, "eventId": "s2"},
]
EXTRA = [{"type": "SEND", "timestamp": "2026-11-05T10:00:00Z", "emailIdentity": "c.example", "isp": "Gmail"}]


def ingest(server, events: list[dict]):
    resp = control(server, "POST", "/_emulator/events", json.dumps(events))
    assert resp.status == 200, resp
    return resp.json()


@pytest.fixture
def seed_file(tmp_path) -> Path:
    path = tmp_path / "seed.ndjson"
    write_ndjson(path, SEED)
    return path


# --- reset ---------------------------------------------------------------------------------------

def test_reset_on_a_database_file_with_ingested_events_needs_confirmation(start_server, seed_file, tmp_path):
    server = start_server(["--port", "0", "--database", str(tmp_path / "m.db"), "--seed-data", str(seed_file)])
    # holding only the seed: no confirmation needed
    assert control(server, "POST", "/_emulator/reset").json() == {"deleted": 3, "seeded": 3}
    ingest(server, EXTRA)
    refused = control(server, "POST", "/_emulator/reset")
    assert refused.status == 409, refused
    assert refused.header("x-amzn-ErrorType").startswith("ConflictException:")
    assert "?confirm=true" in refused.json()["message"] and "4 events" in refused.json()["message"]
    assert server.health()["events"] == 4, "a refused reset deletes nothing"
    assert control(server, "POST", "/_emulator/reset?confirm=false").status == 409
    assert control(server, "POST", "/_emulator/reset?confirm=yes").status == 400
    assert control(server, "POST", "/_emulator/reset", {"confirm": "yes"}).status == 400
    assert control(server, "POST", "/_emulator/reset?confirm=true").json() == {"deleted": 4, "seeded": 3}
    ingest(server, EXTRA)
    assert control(server, "POST", "/_emulator/reset", {"confirm": True}).json() == {"deleted": 4, "seeded": 3}


def test_reset_of_a_kept_database_needs_confirmation_and_a_temporary_one_never(start_server, seed_file, tmp_path):
    database = tmp_path / "kept.db"
    first = start_server(["--port", "0", "--database", str(database)])
    ingest(first, SEED + EXTRA)
    first.stop()
    # the seed is skipped: every event held is from elsewhere
    kept = start_server(["--port", "0", "--database", str(database), "--seed-data", str(seed_file)])
    assert control(kept, "POST", "/_emulator/reset").status == 409
    assert kept.health()["events"] == 4
    kept.stop()
    temporary = start_server(["--port", "0", "--seed-data", str(seed_file)])
    ingest(temporary, EXTRA)
    assert control(temporary, "POST", "/_emulator/reset").json() == {"deleted": 4, "seeded": 3}


# --- summary -------------------------------------------------------------------------------------

def test_summary_lists_counts_days_values_and_no_shift(start_server, seed_file):
    server = start_server(["--port", "0", "--seed-data", str(seed_file)])
    summary = control(server, "GET", "/_emulator/summary")
    assert summary.status == 200 and summary.header("Content-Type") == "application/json"
    assert summary.json() == {
        "events": 3, "countedEvents": 2, "firstDay": "2026-11-01", "lastDay": "2026-11-03",
        "identities": {"a.example": 1, "b.example": 1}, "configurationSets": {"cs": 1}, "tenants": {},
        "isps": {"Gmail": 1, "Yahoo": 1}, "seedShiftDays": 0, "resources": {}}
    client = make_client(server.url)
    client.create_email_identity(EmailIdentity="made.example")
    client.create_contact_list(ContactListName="list")
    client.create_contact(ContactListName="list", EmailAddress="x@made.example")
    client.put_suppressed_destination(EmailAddress="y@made.example", Reason="BOUNCE")
    assert control(server, "GET", "/_emulator/summary").json()["resources"] == {
        "contact": 1, "contact-list": 1, "email-identity": 1, "suppressed-destination": 1}
    control(server, "DELETE", "/_emulator/events")
    empty = control(server, "GET", "/_emulator/summary").json()
    assert empty["events"] == 0 and empty["firstDay"] is None and empty["identities"] == {}


def test_summary_reports_the_seed_shift_and_the_log_line_the_same_range(start_server, seed_file):
    server = start_server(["--port", "0", "--seed-data", str(seed_file), "--seed-shift-to-today"])
    summary = control(server, "GET", "/_emulator/summary").json()
    yesterday = dt.datetime.now(dt.timezone.utc).date() - dt.timedelta(days=1)
    assert summary["lastDay"] == yesterday.isoformat()
    assert summary["seedShiftDays"] == (yesterday - dt.date(2026, 11, 3)).days
    log = server.wait_for_stderr("data: 3 events")
    assert f"data: 3 events, {summary['firstDay']} to {summary['lastDay']} (UTC)" in log


def test_summary_is_off_with_the_control_api(start_server):
    server = start_server(["--port", "0", "--no-control-api"])
    assert control(server, "GET", "/_emulator/summary").status == 404


# --- README --------------------------------------------------------------------------------------

def test_readme_curl_examples_cover_every_control_endpoint_with_a_content_type():
    text = README.read_text()
    curls = [" ".join(block.split()) for block in re.findall(r"^curl .*?(?<!\\)$", text, re.M | re.S)]
    endpoints = [("GET", "/_emulator/health"), ("GET", "/_emulator/summary"), ("POST", "/_emulator/events"),
                 ("DELETE", "/_emulator/events"), ("POST", "/_emulator/reset"), ("GET", "/_emulator/requests"),
                 ("DELETE", "/_emulator/requests"), ("GET", "/_emulator/faults"), ("PUT", "/_emulator/faults"),
                 ("DELETE", "/_emulator/faults"), ("GET", "/_localstack/health"), ("GET", "/_localstack/info"),
                 ("GET", "/_localstack/init"), ("GET", "/_localstack/chaos/faults"),
                 ("POST", "/_localstack/chaos/faults"), ("PATCH", "/_localstack/chaos/faults"),
                 ("DELETE", "/_localstack/chaos/faults"), ("GET", "/_localstack/chaos/effects"),
                 ("POST", "/_localstack/chaos/effects"), ("GET", "/_emulator/dashboard"), ("GET", "/_emulator/ui")]
    for method, path in endpoints:
        found = [c for c in curls if re.search(re.escape(path) + r"(\?|['\"\s]|$)", c)
                 and (f"-X {method}" in c or (method == "GET" and " -X " not in c))]
        assert found, f"README has no curl example for {method} {path}"
        if method in ("POST", "PUT", "PATCH", "DELETE") and any(" -d " in c or "--data" in c for c in found):
            assert all("Content-Type: " in c for c in found if " -d " in c or "--data" in c), found
    assert not re.search(r'"StartDate": "20\d\d-', text), "README examples must compute their dates"


def test_readme_curl_block_runs_against_a_server(start_server, seed_file):
    server = start_server(["--port", "0", "--seed-data", str(seed_file)])
    block = re.search(r"```sh\n(B=http://127.0.0.1:4579\n.*?)```", README.read_text(), re.S).group(1)
    script = block.replace("http://127.0.0.1:4579", server.url).replace("curl ", "curl -sS --fail-with-body ")
    result = subprocess.run(["bash", "-euc", script], capture_output=True, timeout=60)
    assert result.returncode == 0, (result.stdout.decode(), result.stderr.decode())
    assert control(server, "GET", "/_localstack/chaos/effects").json() == {"latency": 250}


@pytest.mark.skipif(shutil.which("aws") is None, reason="the aws CLI is not installed")
def test_readme_aws_cli_example_with_computed_dates_finds_the_shifted_seed(start_server, tmp_path):
    repo = README.parent
    server = start_server(["--port", "0", "--seed-data", str(repo / "seed-data"), "--seed-shift-to-today"])
    block = re.search(r"```sh\n(export AWS_ACCESS_KEY_ID.*?)```", README.read_text(), re.S).group(1)
    script = block.replace("http://127.0.0.1:4579", server.url).rstrip() + " --output json\n"
    result = subprocess.run(["bash", "-euc", script], capture_output=True, timeout=60, env=aws_cli_env(tmp_path))
    assert result.returncode == 0, result.stderr.decode()
    values = json.loads(result.stdout)["Results"][0]["Values"]
    assert values and sum(values) > 0


# --- 413 -----------------------------------------------------------------------------------------

def test_413_names_the_option_that_raises_the_limit(start_server):
    server = start_server(["--port", "0", "--max-body-bytes", "1024", "--max-events-body-bytes", "2048"])
    ses = http_request(server.port, "POST", "/v2/email/metrics/batch", "x" * 1500,
                       {"Content-Type": "application/json"})
    assert ses.status == 413 and "--max-body-bytes" in ses.json()["message"], ses
    events = control(server, "POST", "/_emulator/events", "x" * 3000, "application/x-ndjson")
    assert events.status == 413 and "--max-events-body-bytes" in events.json()["message"], events
    assert "SES_EMULATOR_MAX_EVENTS_BODY_BYTES" in events.json()["message"]
    faults = control(server, "PUT", "/_emulator/faults", "x" * 1500)
    assert faults.status == 413 and "--max-body-bytes" in faults.json()["message"], faults


# --- SES v1 --------------------------------------------------------------------------------------

def ses_v1(url: str):
    return boto3.client("ses", endpoint_url=url, region_name="us-east-1", aws_access_key_id="test",
                        aws_secret_access_key="test", config=Config(retries={"total_max_attempts": 1}))


# The SES v1 actions that answer (docs/v1.md); every other one is 501 naming it.
EMULATED_V1 = {"GetSendQuota", "GetSendStatistics", "GetAccountSendingEnabled", "UpdateAccountSendingEnabled",
               "VerifyEmailIdentity", "VerifyEmailAddress", "VerifyDomainIdentity", "VerifyDomainDkim", "ListIdentities",
               "ListVerifiedEmailAddresses", "GetIdentityVerificationAttributes", "GetIdentityDkimAttributes",
               "DeleteIdentity", "DeleteVerifiedEmailAddress", "SendEmail", "SendRawEmail", "SendTemplatedEmail",
               "CreateTemplate", "GetTemplate", "UpdateTemplate", "DeleteTemplate", "ListTemplates", "TestRenderTemplate", "CreateConfigurationSet", "DescribeConfigurationSet", "DeleteConfigurationSet", "ListConfigurationSets", "UpdateConfigurationSetSendingEnabled", "UpdateConfigurationSetReputationMetricsEnabled"}


@pytest.mark.parametrize("call, action", [
    (lambda c: c.list_receipt_rule_sets(), "ListReceiptRuleSets"),
    (lambda c: c.describe_active_receipt_rule_set(), "DescribeActiveReceiptRuleSet"),
])
def test_ses_v1_clients_get_a_readable_client_error(start_server, call, action):
    server = start_server(["--port", "0"])
    with pytest.raises(ClientError) as info:
        call(ses_v1(server.url))
    error = info.value.response["Error"]
    assert error["Code"] == "NotImplementedException" and error["Type"] == "Receiver"
    assert f"SES v1 action {action}" in error["Message"] and "sesv2" in error["Message"]
    assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == 501
    assert info.value.operation_name == action


def test_every_v1_action_of_the_sdk_is_known(start_server):
    """Every action boto3's `ses` model has is known: it answers, or 501 naming it; never
    InvalidAction or 404."""
    server = start_server(["--port", "0"])
    client = ses_v1(server.url)
    actions = client.meta.service_model.operation_names
    assert len(actions) == 71
    assert EMULATED_V1 <= set(actions)
    for action in actions:
        resp = http_request(server.port, "POST", "/", f"Action={action}&Version=2010-12-01".encode(),
                            {"Content-Type": "application/x-www-form-urlencoded"})
        if action in EMULATED_V1:
            assert resp.status != 501 and b"InvalidAction" not in resp.body, (action, resp)
        else:
            assert resp.status == 501 and b"<Code>NotImplementedException</Code>" in resp.body, (action, resp)
    unknown = http_request(server.port, "POST", "/", b"Action=SendFax&Version=2010-12-01",
                           {"Content-Type": "application/x-www-form-urlencoded"})
    assert unknown.status == 400 and b"<Code>InvalidAction</Code>" in unknown.body


def test_get_send_quota_counts_what_get_account_counts(start_server, tmp_path):
    """SES v1 GetSendQuota through boto3's `ses` client: the same counters as SESv2 GetAccount's
    SendQuota, on the same state (a send through SESv2 is in both)."""
    server = start_server(["--port", "0", "--seed-data", "/dev/null", "--max-24-hour-send", "500", "--max-send-rate", "7"])
    v1 = ses_v1(server.url)
    assert {k: v for k, v in v1.get_send_quota().items() if k != "ResponseMetadata"} == {
        "Max24HourSend": 500.0, "MaxSendRate": 7.0, "SentLast24Hours": 0.0}
    v2 = boto3.client("sesv2", endpoint_url=server.url, region_name="us-east-1", aws_access_key_id="test",
                      aws_secret_access_key="test")
    v2.create_email_identity(EmailIdentity="quota.test")
    v2.send_email(FromEmailAddress="a@quota.test", Destination={"ToAddresses": ["x@gmail.com", "y@gmail.com"]},
                  Content={"Simple": {"Subject": {"Data": "s"}, "Body": {"Text": {"Data": "t"}}}})
    sent = v1.get_send_quota()
    assert sent["SentLast24Hours"] == v2.get_account()["SendQuota"]["SentLast24Hours"] == 2.0
    assert sent["ResponseMetadata"]["RequestId"] and sent["ResponseMetadata"]["HTTPStatusCode"] == 200
    logged = [r for r in control(server, "GET", "/_emulator/requests").json()["requests"] if r.get("operation") == "GetSendQuota"]
    assert len(logged) == 2 and {r["path"] for r in logged} == {"/"}
    # The aws CLI's `ses` commands read the same XML.
    if shutil.which("aws"):
        from support import run_aws
        cli = run_aws(["ses", "get-send-quota", "--endpoint-url", server.url, "--region", "us-east-1", "--output", "json"], tmp_path)
        assert cli.returncode == 0 and json.loads(cli.stdout)["SentLast24Hours"] == 2.0, cli.stderr


def test_v1_faults_and_bad_forms_answer_in_xml(start_server):
    server = start_server(["--port", "0", "--seed-data", "/dev/null"])
    bad = http_request(server.port, "POST", "/", b"Action=GetSendQuota&Version=%ZZ",
                       {"Content-Type": "application/x-www-form-urlencoded"})
    assert bad.status == 400 and b"<Code>MalformedQueryString</Code>" in bad.body, bad
    armed = control(server, "PUT", "/_emulator/faults", {"requestFaults": [
        {"operation": "GetSendQuota", "probability": 1, "error": {"code": "ThrottlingException", "statusCode": 400}}]})
    assert armed.status == 200, armed
    with pytest.raises(ClientError) as info:
        ses_v1(server.url).get_send_quota()
    assert info.value.response["Error"]["Code"] == "ThrottlingException"


def test_a_v1_request_too_large_hears_it_in_xml(start_server):
    """A 413 found before the action is known is still written in the Query protocol, so boto3's
    `ses` client reads it (a JSON body there was unparseable)."""
    server = start_server(["--port", "0", "--max-body-bytes", "2048"])
    with pytest.raises(ClientError) as info:
        ses_v1(server.url).send_raw_email(RawMessage={"Data": b"x" * 4096})
    error = info.value.response["Error"]
    assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == 413
    assert error["Code"] == "RequestEntityTooLargeException" and "--max-body-bytes" in error["Message"]


def test_query_protocol_by_get_and_the_root_without_an_action(start_server):
    server = start_server(["--port", "0"])
    resp = http_request(server.port, "GET", "/?Action=ListReceiptRuleSets&Version=2010-12-01")
    assert resp.status == 501 and resp.header("Content-Type") == "text/xml"
    assert b"<Code>NotImplementedException</Code>" in resp.body and b"ListReceiptRuleSets" in resp.body
    quota = http_request(server.port, "GET", "/?Action=GetSendQuota&Version=2010-12-01")
    assert quota.status == 200 and quota.header("Content-Type") == "text/xml"
    assert b"<GetSendQuotaResult><Max24HourSend>" in quota.body, quota
    for method in ("POST", "PUT"):
        plain = http_request(server.port, method, "/")
        assert plain.status == 404 and plain.json() == {"message": "No such resource"}, plain
    # GET / is the browser console's, with the control API; without it, nothing is there.
    home = http_request(server.port, "GET", "/")
    assert home.status == 302 and home.header("Location") == "/_emulator/ui", home
    closed = start_server(["--port", "0", "--no-control-api"])
    plain = http_request(closed.port, "GET", "/")
    assert plain.status == 404 and plain.json() == {"message": "No such resource"}, plain
    assert http_request(closed.port, "GET", "/_emulator/ui").status == 404


# --- LocalStack ----------------------------------------------------------------------------------

def test_chaos_delete_removes_rules_having_the_given_fields(start_server):
    server = start_server(["--port", "0"])
    path = "/_localstack/chaos/faults"
    rules = [{"service": "s3", "probability": 0.5},
             {"service": "sesv2", "operation": "BatchGetMetricData", "region": "eu-west-1", "probability": 1},
             {"service": "sesv2", "probability": 0.25, "error": {"statusCode": 500, "code": "InternalFailure"}}]
    assert control(server, "POST", path, rules).json() == rules
    assert control(server, "DELETE", path, [{"service": "s3"}]).json() == rules[1:]
    assert control(server, "DELETE", path, [{"service": "sesv2", "region": "us-east-1"}]).json() == rules[1:]
    assert control(server, "DELETE", path, [{"error": {"statusCode": 500}}]).json() == [rules[1]]
    assert control(server, "DELETE", path, []).json() == [rules[1]]
    empty = control(server, "DELETE", path)
    assert empty.status == 400 and "JSON list of the rules to remove" in empty.json()["message"], empty
    assert control(server, "DELETE", path, [{"service": "sesv2", "colour": "red"}]).status == 400
    assert control(server, "GET", path).json() == [rules[1]]
    assert control(server, "DELETE", path, [{"operation": "BatchGetMetricData"}]).json() == []


def test_localstack_info_and_init_shapes(start_server):
    server = start_server(["--port", "0", "--no-control-api"])
    info = control(server, "GET", "/_localstack/info")
    assert info.status == 200, info
    body = info.json()
    assert set(body) == {"version", "edition", "is_license_activated", "session_id", "machine_id", "system",
                         "is_docker", "server_time_utc", "uptime"}
    assert body["edition"] == "community" and body["is_license_activated"] is False
    assert body["version"] == server.health()["version"] and isinstance(body["uptime"], int)
    dt.datetime.strptime(body["server_time_utc"], "%Y-%m-%dT%H:%M:%S")
    assert control(server, "GET", "/_localstack/info").json()["session_id"] == body["session_id"]
    init = control(server, "GET", "/_localstack/init")
    assert init.json() == {"completed": {"BOOT": True, "START": True, "READY": True, "SHUTDOWN": False}, "scripts": []}
