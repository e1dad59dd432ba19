"""Reset confirmation, the data summary, the examples of README.md and docs/, 413s that name their option, SES v1
clients on the same endpoint, and LocalStack's chaos DELETE, info and init shapes: end to end
against the real binary."""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from support import aws_cli_env, binary_path, control, http_request, make_client, write_ndjson

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
DOCS = ROOT / "docs"
CONTROL_API = DOCS / "control-api.md"

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


# --- README and docs examples ---------------------------------------------------------------------
# Every command block of README.md and docs/ that talks to a server is run here (test_configuration.py
# checks docs/configuration.md's table; the docker/ and make blocks are run by make docker-test and
# make itself).

def blocks(path: Path, lang: str) -> list[str]:
    """The fenced code blocks of one language in a Markdown file, in order."""
    return re.findall(rf"^```{lang}\n(.*?)^```", path.read_text(), re.M | re.S)


def block(path: Path, lang: str, starts_with: str) -> str:
    found = [b for b in blocks(path, lang) if b.startswith(starts_with)]
    assert len(found) == 1, f"{path.name}: expected one {lang} block starting {starts_with!r}, found {len(found)}"
    return found[0]


def test_control_api_curl_examples_cover_every_control_endpoint_with_a_content_type():
    text = CONTROL_API.read_text()
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
        assert found, f"docs/control-api.md has no curl example for {method} {path}"
        if method in ("POST", "PUT", "PATCH", "DELETE") and any(" -d " in c or "--data" in c for c in found):
            assert all("Content-Type: " in c for c in found if " -d " in c or "--data" in c), found


@pytest.mark.parametrize("page", [README, *sorted(DOCS.glob("*.md"))], ids=lambda p: p.name)
def test_examples_compute_their_dates(page):
    assert not re.search(r'"StartDate":\s*"20\d\d-', page.read_text()), f"{page.name}: examples must compute their dates"


def test_control_api_curl_block_runs_against_a_server(start_server, seed_file):
    server = start_server(["--port", "0", "--seed-data", str(seed_file)])
    script = block(CONTROL_API, "sh", "B=http://127.0.0.1:4579\n")
    script = script.replace("http://127.0.0.1:4579", server.url).replace("curl ", "curl -sS --fail-with-body ")
    result = subprocess.run(["bash", "-euc", script], capture_output=True, timeout=60)
    assert result.returncode == 0, (result.stdout.decode(), result.stderr.decode())
    assert control(server, "GET", "/_localstack/chaos/effects").json() == {"latency": 250}


@pytest.mark.skipif(shutil.which("aws") is None, reason="the aws CLI is not installed")
def test_readme_aws_cli_example_with_computed_dates_finds_the_shifted_seed(start_server, tmp_path):
    server = start_server(["--port", "0", "--seed-data", str(ROOT / "seed-data"), "--seed-shift-to-today"])
    script = block(README, "sh", "export AWS_ACCESS_KEY_ID").replace("http://127.0.0.1:4579", server.url)
    script = script.rstrip() + " --output json\n"
    result = subprocess.run(["bash", "-euc", script], capture_output=True, timeout=60, env=aws_cli_env(tmp_path))
    assert result.returncode == 0, result.stderr.decode()
    values = json.loads(result.stdout)["Results"][0]["Values"]
    assert values and sum(values) > 0


def docs_env(tmp_path: Path) -> dict[str, str]:
    """The aws CLI as the README's first query sets it up, which the docs' examples assume."""
    return aws_cli_env(tmp_path, {"AWS_DEFAULT_REGION": "us-east-1"})


def run_python(script: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=timeout,
                          env={k: v for k, v in os.environ.items() if not k.startswith("AWS_")})


def test_readme_boto3_examples_query_the_shifted_seed_then_send(start_server):
    server = start_server(["--port", "0", "--seed-data", str(ROOT / "seed-data"), "--seed-shift-to-today"])
    query = block(README, "python", "import boto3").replace("http://127.0.0.1:4579", server.url)
    result = run_python(query)
    assert result.returncode == 0, result.stderr.decode()
    timestamps, values = result.stdout.decode().rsplit("] [", 1)
    assert "datetime" in timestamps and sum(int(v) for v in values.strip(" ]\n").split(",")) > 0, result.stdout
    send = block(README, "python", "ses.create_email_identity")
    result = run_python(query + send)
    assert result.returncode == 0, result.stderr.decode()
    messages = control(server, "GET", "/_aws/ses").json()["messages"]
    assert [m["Destination"]["ToAddresses"] for m in messages] == [["ann@gmail.com"]], messages


@pytest.mark.skipif(shutil.which("aws") is None, reason="the aws CLI is not installed")
def test_readme_endpoint_variable_example_needs_no_flag(start_server, tmp_path):
    server = start_server(["--port", "0"])
    script = block(README, "sh", "export AWS_ENDPOINT_URL_SESV2=").replace("http://127.0.0.1:4579", server.url)
    assert "--endpoint-url" not in script
    result = subprocess.run(["bash", "-euc", script.rstrip() + " --output json\n"], capture_output=True, timeout=60,
                            env=aws_cli_env(tmp_path))
    assert result.returncode == 0, result.stderr.decode()
    assert json.loads(result.stdout)["SendQuota"]["Max24HourSend"] == 50000


def test_readme_compose_snippet_is_the_example_files_shape():
    """The README's compose snippet is a part of docker/docker-compose.yml (which make docker-test runs)."""
    yaml = pytest.importorskip("yaml")
    snippet = yaml.safe_load(block(README, "yaml", "services:"))
    example = yaml.safe_load((ROOT / "docker" / "docker-compose.yml").read_text())
    mine, theirs = snippet["services"]["ses-metrics-emulator"], example["services"]["ses-metrics-emulator"]
    assert mine["build"] == theirs["build"]
    assert [p.replace("${SES_EMULATOR_PUBLISHED_PORT:-4579}", "4579") for p in theirs["ports"]] == mine["ports"]
    assert mine["environment"].items() <= theirs["environment"].items()
    assert set(mine["volumes"]) <= set(theirs["volumes"])
    assert mine["healthcheck"].items() <= theirs["healthcheck"].items()
    client = snippet["services"]["my-tests"]
    assert client["depends_on"] == example["services"]["aws-client"]["depends_on"]
    assert client["environment"]["AWS_ENDPOINT_URL_SESV2"] == \
        example["services"]["aws-client"]["environment"]["AWS_ENDPOINT_URL_SESV2"]
    assert snippet["volumes"].keys() == example["volumes"].keys()


@pytest.mark.skipif(shutil.which("aws") is None, reason="the aws CLI is not installed")
def test_account_page_examples_turn_vdm_off_and_set_recommendations(start_server, tmp_path):
    server = start_server(["--port", "0"])
    page = DOCS / "account.md"
    vdm = block(page, "sh", "aws sesv2 put-account-vdm-attributes").replace("http://127.0.0.1:4579", server.url)
    result = subprocess.run(["bash", "-euc", vdm], capture_output=True, timeout=60, env=docs_env(tmp_path))
    assert result.returncode == 0, result.stderr.decode()
    ses = make_client(server.url)
    assert ses.get_account()["VdmAttributes"]["VdmEnabled"] == "DISABLED"
    curl = block(page, "sh", "curl -X PUT http://127.0.0.1:4579/_emulator/recommendations")
    curl = curl.replace("http://127.0.0.1:4579", server.url).replace("curl ", "curl -sS --fail-with-body ")
    result = subprocess.run(["bash", "-euc", curl], capture_output=True, timeout=60)
    assert result.returncode == 0, (result.stdout.decode(), result.stderr.decode())
    listed = ses.list_recommendations()["Recommendations"]
    assert [(r["Type"], r["Impact"]) for r in listed] == [("DMARC", "HIGH")], listed


def test_sending_page_examples_set_outcome_rules_and_read_a_sends_events(start_server):
    server = start_server(["--port", "0"])
    page = DOCS / "sending.md"
    curl = block(page, "sh", "curl -X PUT http://127.0.0.1:4579/_emulator/outcomes")
    curl = curl.replace("http://127.0.0.1:4579", server.url).replace("curl ", "curl -sS --fail-with-body ")
    result = subprocess.run(["bash", "-euc", curl], capture_output=True, timeout=60)
    assert result.returncode == 0, (result.stdout.decode(), result.stderr.decode())
    rules = control(server, "GET", "/_emulator/outcomes").json()
    assert rules["seed"] == 7 and [r["outcome"] for r in rules["rules"]] == ["PERMANENT_BOUNCE", "COMPLAINT", "CLICK"]
    setup = block(README, "python", "import boto3").split("today =")[0] + "import requests\n"
    example = block(page, "python", "ses.create_email_identity")
    lines = example.rstrip().split("\n")
    script = setup + "\n".join(lines[:-1]) + "\nprint(json.dumps(" + lines[-1].split("  #")[0] + "))\n"
    result = run_python("import json\n" + script.replace("http://127.0.0.1:4579", server.url))
    assert result.returncode == 0, result.stderr.decode()
    types = [e["type"] for e in json.loads(result.stdout)]
    assert types[0] == "SEND" and "DELIVERY" in types, types   # the rules above may add an OPEN and a CLICK


@pytest.mark.skipif(shutil.which("aws") is None, reason="the aws CLI is not installed")
def test_exports_page_example_creates_polls_and_downloads_a_file(start_server, tmp_path):
    server = start_server(["--port", "0", "--seed-data", str(ROOT / "seed-data"), "--seed-shift-to-today"])
    commands = re.split(r"\n(?=aws |curl )", block(DOCS / "exports.md", "sh", "aws sesv2 create-export-job").rstrip())
    assert len(commands) == 3 and commands[1].startswith("aws sesv2 get-export-job") and commands[2].startswith("curl")
    dates = "START=$(date -u -d '-7 days' +%F) END=$(date -u +%F)\n"
    env = docs_env(tmp_path)

    def run(command: str) -> str:
        command = command.replace("http://127.0.0.1:4579", server.url).split("   #")[0]
        result = subprocess.run(["bash", "-euc", dates + command], capture_output=True, timeout=60, env=env, cwd=tmp_path)
        assert result.returncode == 0, (command, result.stderr.decode())
        return result.stdout.decode()

    job_id = json.loads(run(commands[0] + " --output json"))["JobId"]
    for _ in range(100):
        job = json.loads(run(commands[1].replace("<JobId>", job_id) + " --output json"))
        if job["JobStatus"] == "COMPLETED":
            break
        time.sleep(0.1)
    assert job["JobStatus"] == "COMPLETED", job
    url = job["ExportDestination"]["S3Url"]
    run(commands[2].replace("curl ", "curl -sS --fail-with-body ").replace("<ExportDestination.S3Url>", url))
    rows = (tmp_path / url.rsplit("/", 1)[1]).read_bytes().split(b"\r\n")
    assert rows[0] == b"EMAIL_IDENTITY,ISP,SEND_VOLUME,DELIVERY_OPEN_RATE" and len(rows) > 2, rows[:3]


def test_data_page_event_example_loads_and_generate_ingest_block_fills_a_database(start_server, tmp_path):
    page = DOCS / "data-and-events.md"
    event = block(page, "json", '{"type":')
    server = start_server(["--port", "0"])
    assert control(server, "POST", "/_emulator/events", event, "application/x-ndjson").json() == \
        {"accepted": 1, "duplicates": 0}
    script = block(page, "sh", "ses-metrics-emulator generate").replace("ses-metrics-emulator ", f"{binary_path()} ")
    result = subprocess.run(["bash", "-euc", "set -o pipefail\n" + script], capture_output=True, timeout=300,
                            cwd=tmp_path)
    assert result.returncode == 0, result.stderr.decode()
    loaded = start_server(["--port", "0", "--database", str(tmp_path / "metrics.db")])
    summary = control(loaded, "GET", "/_emulator/summary").json()
    assert summary["events"] > 0 and summary["firstDay"] == "2026-01-01", summary


def test_faults_page_configuration_is_accepted_as_written(start_server):
    server = start_server(["--port", "0"])
    doc = block(DOCS / "faults.md", "json", "{")
    assert control(server, "PUT", "/_emulator/faults", doc).status == 200
    assert control(server, "GET", "/_emulator/faults").json()["requestFaults"][0]["limit"] == 3


@pytest.mark.skipif(shutil.which("aws") is None, reason="the aws CLI is not installed")
def test_sigv4_page_example_signs_and_is_accepted(start_server, tmp_path):
    lines = block(DOCS / "sigv4.md", "sh", "echo ").split("\n")
    assert lines[1] == "ses-metrics-emulator serve --auth sigv4 --credentials creds.json", lines[1]
    result = subprocess.run(["bash", "-euc", lines[0]], capture_output=True, timeout=10, cwd=tmp_path)
    assert result.returncode == 0, result.stderr.decode()
    server = start_server(["--port", "0", "--auth", "sigv4", "--credentials", str(tmp_path / "creds.json")])
    client = "\n".join(lines[2:]).replace("http://127.0.0.1:4579", server.url).rstrip() + " --output json\n"
    result = subprocess.run(["bash", "-euc", client], capture_output=True, timeout=60, env=aws_cli_env(tmp_path))
    assert result.returncode == 0, result.stderr.decode()
    assert json.loads(result.stdout)["Results"][0]["Id"] == "q"
    unsigned = http_request(server.port, "POST", "/v2/email/metrics/batch", "{}", {"Content-Type": "application/json"})
    assert unsigned.status == 403, unsigned


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
