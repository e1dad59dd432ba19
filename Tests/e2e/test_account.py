"""The account side end to end: GetAccount, the PutAccount* operations, the Virtual Deliverability
Manager gate they switch, ListRecommendations and /_emulator/recommendations, through boto3, raw
HTTP and the aws CLI against the real binary."""
from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess

import pytest
from botocore.exceptions import ClientError

from support import http_request, make_client, post_batch, run_aws, run_cli

VDM_MESSAGE = "To use this feature you must enable Virtual Deliverability Manager"
NOW = dt.datetime.now(dt.timezone.utc)
QUERY = {"Id": "q", "Namespace": "VDM", "Metric": "SEND",
         "StartDate": dt.datetime(2026, 11, 1, tzinfo=dt.timezone.utc),
         "EndDate": dt.datetime(2026, 11, 2, tzinfo=dt.timezone.utc)}
ARN = "arn:aws:ses:us-east-1:123456789012:identity/"


def control(server, method: str, path: str, body=None):
    headers = {"Content-Type": "application/json"} if body is not None else {}
    return http_request(server.port, method, path, json.dumps(body) if body is not None else None, headers)


def send_event(hours_ago: float, **extra) -> dict:
    stamp = (NOW - dt.timedelta(hours=hours_ago)).isoformat().replace("+00:00", "Z")
    return {"type": "SEND", "timestamp": stamp, "emailIdentity": "a.example", "isp": "Gmail", **extra}


def recommendation(n: int, type_: str = "DKIM", impact: str = "HIGH", status: str = "OPEN") -> dict:
    return {"ResourceArn": f"{ARN}d{n}.example", "Type": type_, "Description": f"fix d{n}", "Status": status,
            "CreatedTimestamp": "2026-11-01T08:00:00Z", "LastUpdatedTimestamp": 1793491200 + n, "Impact": impact}


def batch_status(client) -> str:
    try:
        client.batch_get_metric_data(Queries=[QUERY])
        return "ok"
    except ClientError as e:
        assert e.response["Error"]["Message"] == VDM_MESSAGE
        assert e.response["ResponseMetadata"]["HTTPStatusCode"] == 404
        return e.response["Error"]["Code"]


def test_get_account_answers_every_member(start_server):
    server = start_server(["--max-24-hour-send", "1000", "--max-send-rate", "5"])
    client = make_client(server.url)
    account = client.get_account()
    account.pop("ResponseMetadata")
    newer = "PricingAttributes" in client.meta.service_model.operation_model("GetAccount").output_shape.members
    assert account == {
        "DedicatedIpAutoWarmupEnabled": False, "EnforcementStatus": "HEALTHY", "ProductionAccessEnabled": True,
        "SendQuota": {"Max24HourSend": 1000.0, "MaxSendRate": 5.0, "SentLast24Hours": 0.0},
        "SendingEnabled": True, "SuppressionAttributes": {"SuppressedReasons": ["BOUNCE", "COMPLAINT"]},
        "VdmAttributes": {"VdmEnabled": "ENABLED", "DashboardAttributes": {"EngagementMetrics": "ENABLED"},
                          "GuardianAttributes": {"OptimizedSharedDelivery": "DISABLED"}},
        # Older SDKs' models lack the member, and their parsers drop it.
        **({"PricingAttributes": {"CurrentPlan": "NONE"}} if newer else {}),
    }


def test_warmup_delivery_and_pricing_attributes_show_in_get_account_and_survive_a_restart(start_server, tmp_path):
    database = tmp_path / "db.sqlite"
    server = start_server(["--database", str(database)])
    client = make_client(server.url)
    if not hasattr(client, "put_account_pricing_attributes"):
        pytest.skip("this SDK's model predates PutAccountPricingAttributes and PutAccountDeliveryAttributes")
    client.put_account_dedicated_ip_warmup_attributes(AutoWarmupEnabled=True)
    client.put_account_delivery_attributes(SharedPoolDeliveryMode="REGIONAL")
    client.put_account_pricing_attributes(Plan="PRO")
    with pytest.raises(ClientError) as info:
        client.put_account_pricing_attributes(Plan="PRO")
    assert info.value.response["Error"]["Code"] == "ConflictException"
    assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == 409
    with pytest.raises(ClientError) as info:
        client.put_account_delivery_attributes(SharedPoolDeliveryMode="LOCAL")
    assert info.value.response["Error"]["Code"] == "BadRequestException"
    server.stop()
    client = make_client(start_server(["--database", str(database)]).url)
    account = client.get_account()
    assert account["DedicatedIpAutoWarmupEnabled"] is True
    assert account["DeliveryAttributes"] == {"SharedPoolDeliveryMode": "REGIONAL"}
    assert account["PricingAttributes"] == {"CurrentPlan": "NONE", "NextPlan": "PRO"}
    # Asking for the current plan cancels the scheduled change.
    client.put_account_pricing_attributes(Plan="NONE")
    assert client.get_account()["PricingAttributes"] == {"CurrentPlan": "NONE"}


def test_the_vdm_gate_follows_put_account_vdm_attributes(start_server):
    server = start_server([])
    client = make_client(server.url)
    assert batch_status(client) == "ok"
    client.put_account_vdm_attributes(VdmAttributes={"VdmEnabled": "DISABLED",
                                                     "GuardianAttributes": {"OptimizedSharedDelivery": "ENABLED"}})
    assert batch_status(client) == "NotFoundException"
    # Checked before the body is parsed: a malformed body hears about VDM too.
    for body in ["{not json", '{"Queries": 5}', ""]:
        resp = post_batch(server.port, body)
        assert resp.status == 404, body
        assert resp.header("x-amzn-ErrorType").startswith("NotFoundException:")
        assert resp.json() == {"message": VDM_MESSAGE}
    # ...but after authentication and media type.
    assert post_batch(server.port, "{", {"Content-Type": "text/plain"}).status == 415
    assert client.get_account()["VdmAttributes"] == {
        "VdmEnabled": "DISABLED", "DashboardAttributes": {"EngagementMetrics": "ENABLED"},
        "GuardianAttributes": {"OptimizedSharedDelivery": "ENABLED"}}
    client.put_account_vdm_attributes(VdmAttributes={"VdmEnabled": "ENABLED"})
    assert batch_status(client) == "ok"


def test_sent_last_24_hours_follows_ingested_events(start_server):
    server = start_server([])
    client = make_client(server.url)
    assert client.get_account()["SendQuota"]["SentLast24Hours"] == 0
    events = [send_event(1, recipientCount=3), send_event(5), send_event(2, mailboxSimulator=True),
              send_event(25), {**send_event(1), "type": "DELIVERY"}]
    assert control(server, "POST", "/_emulator/events", events).status == 200
    assert client.get_account()["SendQuota"]["SentLast24Hours"] == 4   # 3 recipients + 1
    assert control(server, "POST", "/_emulator/events", [send_event(0.5, recipientCount=2)]).status == 200
    assert client.get_account()["SendQuota"]["SentLast24Hours"] == 6
    assert control(server, "DELETE", "/_emulator/events").status == 200
    assert client.get_account()["SendQuota"]["SentLast24Hours"] == 0


def test_settings_survive_a_restart_and_reset_restores_the_startup_values(start_server, tmp_path):
    database = str(tmp_path / "account.sqlite")
    first = start_server(["--database", database, "--vdm", "disabled"])
    client = make_client(first.url)
    assert batch_status(client) == "NotFoundException"
    client.put_account_vdm_attributes(VdmAttributes={"VdmEnabled": "ENABLED"})
    client.put_account_details(MailType="MARKETING", WebsiteURL="https://shop.example", ContactLanguage="EN")
    client.put_account_sending_attributes(SendingEnabled=False)
    client.put_account_suppression_attributes(SuppressedReasons=["BOUNCE"])
    # Reset goes back to how this start began: the --vdm default, nothing stored.
    assert control(first, "POST", "/_emulator/reset").status == 200
    account = client.get_account()
    assert account["VdmAttributes"]["VdmEnabled"] == "DISABLED"
    assert "Details" not in account and account["SendingEnabled"] is True
    client.put_account_vdm_attributes(VdmAttributes={"VdmEnabled": "ENABLED"})
    client.put_account_details(MailType="MARKETING", WebsiteURL="https://shop.example", ContactLanguage="EN")
    first.stop()

    # The stored settings win over --vdm from now on.
    second = start_server(["--database", database], env={"SES_EMULATOR_VDM": "disabled"})
    client = make_client(second.url)
    account = client.get_account()
    assert account["VdmAttributes"]["VdmEnabled"] == "ENABLED"
    assert account["Details"]["MailType"] == "MARKETING"
    assert account["Details"]["ReviewDetails"]["Status"] == "GRANTED"
    assert batch_status(client) == "ok"
    client.put_account_vdm_attributes(VdmAttributes={"VdmEnabled": "DISABLED"})
    assert control(second, "POST", "/_emulator/reset").status == 200
    assert batch_status(client) == "ok"
    assert client.get_account()["Details"]["WebsiteURL"] == "https://shop.example"


def test_vdm_option_is_checked():
    bad = run_cli(["serve", "--port", "0", "--vdm", "maybe"])
    assert bad.returncode != 0 and b"'enabled' and 'disabled'" in bad.stderr
    bad_env = run_cli(["serve", "--port", "0"], env={"SES_EMULATOR_VDM": "on"})
    assert bad_env.returncode != 0 and b"SES_EMULATOR_VDM='on' is invalid: expected enabled, disabled" in bad_env.stderr


@pytest.mark.parametrize("path,method,body,message", [
    ("/v2/email/account/vdm", "PUT", {},
     "1 validation error detected: Value at 'vdmAttributes' failed to satisfy constraint: Member must not be null"),
    ("/v2/email/account/vdm", "PUT", {"VdmAttributes": {"DashboardAttributes": {}}},
     "1 validation error detected: Value at 'vdmAttributes.vdmEnabled' failed to satisfy constraint: "
     "Member must not be null"),
    ("/v2/email/account/vdm", "PUT", {"VdmAttributes": {"VdmEnabled": "enabled"}},
     "1 validation error detected: Value at 'vdmAttributes.vdmEnabled' failed to satisfy constraint: "
     "Member must satisfy enum value set: [ENABLED, DISABLED]"),
    ("/v2/email/account/details", "POST", {"MailType": "MARKETING", "WebsiteURL": ""},
     "1 validation error detected: Value at 'websiteURL' failed to satisfy constraint: "
     "Member must have length greater than or equal to 1"),
    ("/v2/email/account/suppression", "PUT", {"SuppressedReasons": ["SPAM"]},
     "1 validation error detected: Value at 'suppressedReasons' failed to satisfy constraint: "
     "Member must satisfy constraint: [Member must satisfy enum value set: [BOUNCE, COMPLAINT]]"),
    ("/v2/email/vdm/recommendations", "POST", {"PageSize": 500},
     "1 validation error detected: Value at 'pageSize' failed to satisfy constraint: "
     "Member must have value less than or equal to 100"),
    ("/v2/email/vdm/recommendations", "POST", {"Filter": {"SEVERITY": "HIGH"}},
     "1 validation error detected: Value at 'filter' failed to satisfy constraint: "
     "Map keys must satisfy constraint: [Member must satisfy enum value set: [TYPE, IMPACT, STATUS, RESOURCE_ARN]]"),
])
def test_invalid_bodies_get_awss_validation_messages(start_server, path, method, body, message):
    server = start_server([])
    resp = http_request(server.port, method, path, json.dumps(body), {"Content-Type": "application/json"})
    assert resp.status == 400
    assert resp.header("x-amzn-ErrorType").startswith("BadRequestException:")
    assert resp.json() == {"message": message}
    account = make_client(server.url).get_account()
    assert account["VdmAttributes"]["VdmEnabled"] == "ENABLED" and "Details" not in account


def test_recommendations_filter_and_pages(start_server):
    server = start_server([])
    client = make_client(server.url)
    assert client.list_recommendations()["Recommendations"] == []
    items = [recommendation(0), recommendation(1, "SPF"), recommendation(2, impact="LOW"), recommendation(3),
             recommendation(4, status="FIXED"), recommendation(5)]
    assert control(server, "PUT", "/_emulator/recommendations", {"Recommendations": items}).status == 200

    everything = client.list_recommendations()
    assert "NextToken" not in everything
    first = everything["Recommendations"][0]
    assert first["ResourceArn"] == f"{ARN}d0.example"
    assert first["CreatedTimestamp"] == dt.datetime(2026, 11, 1, 8, tzinfo=dt.timezone.utc)
    assert first["LastUpdatedTimestamp"].timestamp() == 1793491200
    assert {k for k in first} == {"ResourceArn", "Type", "Description", "Status", "CreatedTimestamp",
                                  "LastUpdatedTimestamp", "Impact"}

    seen, token, pages = [], None, 0
    while True:
        kwargs = {"Filter": {"TYPE": "DKIM", "IMPACT": "HIGH"}, "PageSize": 2}
        if token:
            kwargs["NextToken"] = token
        page = client.list_recommendations(**kwargs)
        pages += 1
        seen += [r["ResourceArn"].removeprefix(ARN) for r in page["Recommendations"]]
        token = page.get("NextToken")
        if not token:
            break
    assert seen == ["d0.example", "d3.example", "d4.example", "d5.example"] and pages == 2
    fixed = client.list_recommendations(Filter={"STATUS": "FIXED"})["Recommendations"]
    assert [r["ResourceArn"] for r in fixed] == [f"{ARN}d4.example"]
    by_arn = client.list_recommendations(Filter={"RESOURCE_ARN": f"{ARN}d1.example"})["Recommendations"]
    assert [r["Type"] for r in by_arn] == ["SPF"]
    with pytest.raises(ClientError) as bad_token:
        client.list_recommendations(NextToken="not-a-token")
    assert bad_token.value.response["Error"]["Code"] == "BadRequestException"

    # Anything else in the control document is a 400 naming the item and member; nothing changes.
    bad = control(server, "PUT", "/_emulator/recommendations",
                  {"Recommendations": [recommendation(0), {**recommendation(1), "Impact": "MEDIUM"}]})
    assert bad.status == 400
    assert bad.json()["message"] == "Invalid recommendations: Recommendations[1].Impact must be one of LOW, HIGH, not 'MEDIUM'"
    assert len(control(server, "GET", "/_emulator/recommendations").json()["Recommendations"]) == 6
    assert control(server, "POST", "/_emulator/reset").status == 200
    assert control(server, "GET", "/_emulator/recommendations").json() == {"Recommendations": []}
    assert control(server, "PUT", "/_emulator/recommendations", {"Recommendations": items}).status == 200
    assert control(server, "DELETE", "/_emulator/recommendations").json() == {"Recommendations": []}
    assert client.list_recommendations()["Recommendations"] == []


def aws(args: list[str], tmp_path) -> subprocess.CompletedProcess:
    return run_aws(["sesv2", *args, "--region", "us-east-1"], tmp_path)


@pytest.mark.skipif(shutil.which("aws") is None, reason="the aws CLI is not installed")
def test_aws_cli_account_round_trip(start_server, tmp_path):
    server = start_server([])
    url = ["--endpoint-url", server.url]
    got = aws(["get-account", *url], tmp_path)
    assert got.returncode == 0, got.stderr.decode()
    assert json.loads(got.stdout)["VdmAttributes"]["VdmEnabled"] == "ENABLED"

    put = aws(["put-account-vdm-attributes", *url, "--vdm-attributes", "VdmEnabled=DISABLED"], tmp_path)
    assert put.returncode == 0, put.stderr.decode()
    batch = aws(["batch-get-metric-data", *url, "--queries", json.dumps([{
        "Id": "q", "Namespace": "VDM", "Metric": "SEND", "StartDate": "2026-11-01T00:00:00Z",
        "EndDate": "2026-11-02T00:00:00Z"}])], tmp_path)
    assert batch.returncode != 0
    assert b"NotFoundException" in batch.stderr and VDM_MESSAGE.encode() in batch.stderr
    assert json.loads(aws(["get-account", *url], tmp_path).stdout)["VdmAttributes"]["VdmEnabled"] == "DISABLED"

    assert control(server, "PUT", "/_emulator/recommendations",
                   {"Recommendations": [recommendation(0), recommendation(1, "SPF"), recommendation(2)]}).status == 200
    listed = aws(["list-recommendations", *url, "--filter", "TYPE=DKIM", "--page-size", "1"], tmp_path)
    assert listed.returncode == 0, listed.stderr.decode()
    page = json.loads(listed.stdout)
    assert [r["ResourceArn"] for r in page["Recommendations"]] == [f"{ARN}d0.example"]
    rest = json.loads(aws(["list-recommendations", *url, "--filter", "TYPE=DKIM", "--next-token", page["NextToken"]],
                          tmp_path).stdout)
    assert [r["ResourceArn"] for r in rest["Recommendations"]] == [f"{ARN}d2.example"]
    assert "NextToken" not in rest
