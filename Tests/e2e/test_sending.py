"""Sending through the SESv2 API (docs/sending.md): identities, configuration sets and templates,
SendEmail and SendBulkEmail with boto3 and the aws CLI, the events each send becomes, and what
BatchGetMetricData then answers, checked against an independent recount of docs/sending.md's table.
"""
from __future__ import annotations

import datetime as dt
import json
import subprocess
import urllib.parse

import pytest

from recount import METRICS, Recount, day_of, parse_timestamp
from support import control, make_client, refused, run_aws

DAY = 86_400

# docs/sending.md's table, written here from that page alone.
ISP_OF_DOMAIN = {"gmail.com": "Gmail", "googlemail.com": "Gmail", "yahoo.com": "Yahoo", "hotmail.com": "Hotmail",
                 "outlook.com": "Hotmail", "aol.com": "Aol", "qq.com": "Tencent"}
OUTCOME_EVENTS = {
    "DELIVERY": ["DELIVERY"], "PERMANENT_BOUNCE": ["PERMANENT_BOUNCE"], "TRANSIENT_BOUNCE": ["TRANSIENT_BOUNCE"],
    "COMPLAINT": ["DELIVERY", "COMPLAINT"], "OPEN": ["DELIVERY", "OPEN"], "CLICK": ["DELIVERY", "OPEN", "CLICK"],
}
OFFSET_SECONDS = {"SEND": 0, "DELIVERY": 2, "PERMANENT_BOUNCE": 2, "TRANSIENT_BOUNCE": 2, "COMPLAINT": 4, "OPEN": 6,
                  "CLICK": 8}
SIMULATOR = {"success": "DELIVERY", "ooto": "DELIVERY", "bounce": "PERMANENT_BOUNCE", "complaint": "COMPLAINT",
             "suppressionlist": "PERMANENT_BOUNCE"}
RULES = {"seed": 7, "rules": [
    {"match": {"recipient": "*@bounce.test"}, "outcome": "PERMANENT_BOUNCE"},
    {"match": {"recipient": "*@soft.test"}, "outcome": "TRANSIENT_BOUNCE"},
    {"match": {"recipient": "*@complain.test"}, "outcome": "COMPLAINT"},
    {"match": {"recipient": "*@open.test"}, "outcome": "OPEN"},
    {"match": {"recipient": "*@click.test"}, "outcome": "CLICK"},
    {"match": {"isp": "Yahoo", "configurationSet": "quiet"}, "outcome": "COMPLAINT"},
]}
DOMAINS = ["gmail.com", "yahoo.com", "hotmail.com", "bounce.test", "soft.test", "complain.test", "open.test",
           "click.test", "example.net", "qq.com"]


def simple(subject="Hello", text="Hi there"):
    return {"Simple": {"Subject": {"Data": subject}, "Body": {"Text": {"Data": text}}}}


def expected_outcome(recipient: str, configuration_set: str | None) -> tuple[str, bool]:
    """(outcome, mailbox simulator) for mail whose first recipient is `recipient`."""
    local, domain = recipient.rsplit("@", 1)
    if domain == "simulator.amazonses.com":
        return SIMULATOR[local.split("+")[0]], True
    isp = ISP_OF_DOMAIN.get(domain, "Other")
    for rule in RULES["rules"]:
        match = rule["match"]
        if "recipient" in match and not recipient.endswith(match["recipient"][1:]):
            continue
        if "isp" in match and match["isp"] != isp:
            continue
        if "configurationSet" in match and match["configurationSet"] != configuration_set:
            continue
        return rule["outcome"], False
    return "DELIVERY", False


def predicted_events(message_id: str, sent_at: float, identity: str, configuration_set: str | None,
                     recipients: list[str], tracked: bool) -> list[dict]:
    first = recipients[0]
    outcome, simulator = expected_outcome(first, configuration_set)
    isp = ISP_OF_DOMAIN.get(first.rsplit("@", 1)[1].lower(), "Other")
    events = []
    # Untracked mail (VDM engagement off, no OPEN/CLICK destination) records no opens or clicks.
    for kind in ["SEND", *(k for k in OUTCOME_EVENTS[outcome] if tracked or k not in ("OPEN", "CLICK"))]:
        event = {"type": kind, "timestamp": sent_at + OFFSET_SECONDS[kind], "emailIdentity": identity, "isp": isp,
                 "messageId": message_id, "recipientCount": len(recipients), "mailboxSimulator": simulator,
                 "suppressionList": simulator and kind == "PERMANENT_BOUNCE" and first.startswith("suppressionlist"),
                 "openTracking": kind == "DELIVERY" and tracked, "clickTracking": kind == "DELIVERY" and tracked}
        if configuration_set:
            event["configurationSet"] = configuration_set
        events.append(event)
    return events


def stored_events(server, message_id: str) -> list[dict]:
    response = control(server, "GET", "/_emulator/events?messageId=" + urllib.parse.quote(message_id))
    assert response.status == 200, response.body
    return response.json()["events"]


def ses_messages(server, query: str = "") -> list[dict]:
    response = control(server, "GET", "/_aws/ses" + query)
    assert response.status == 200, response.body
    return response.json()["messages"]


def event_count(server) -> int:
    return control(server, "GET", "/_emulator/health").json()["events"]


@pytest.fixture
def sending_server(start_server):
    return start_server(["--port", "0"])


@pytest.fixture
def ses(sending_server):
    c = make_client(sending_server.url)
    c.create_email_identity(EmailIdentity="sender.test")
    return c


def test_sends_become_the_events_and_metrics_the_readme_predicts(sending_server, ses):
    server = sending_server
    ses.create_email_identity(EmailIdentity="solo@other.test")
    ses.create_configuration_set(ConfigurationSetName="campaign")
    ses.create_configuration_set(ConfigurationSetName="quiet",
                                 VdmOptions={"DashboardOptions": {"EngagementMetrics": "DISABLED"}})
    assert control(server, "PUT", "/_emulator/outcomes", RULES).status == 200

    sent = []  # (message id, identity, configuration set, recipients, tracked)
    for i in range(50):
        to = f"user{i}@{DOMAINS[i % len(DOMAINS)]}"
        configuration_set = ["campaign", "quiet", None][i % 3]
        sender, identity = ("solo@other.test", "solo@other.test") if i % 7 == 0 else (f"news{i}@sender.test", "sender.test")
        kwargs = {"ConfigurationSetName": configuration_set} if configuration_set else {}
        message_id = ses.send_email(FromEmailAddress=sender, Destination={"ToAddresses": [to]}, Content=simple(),
                                    **kwargs)["MessageId"]
        sent.append((message_id, identity, configuration_set, [to], configuration_set != "quiet"))
    simulator = [f"{box}@simulator.amazonses.com" for box in SIMULATOR] + ["success+label@simulator.amazonses.com"]
    for to in simulator:
        message_id = ses.send_email(FromEmailAddress="a@sender.test", Destination={"ToAddresses": [to]},
                                    Content=simple())["MessageId"]
        sent.append((message_id, "sender.test", None, [to], True))
    three = ["x@gmail.com", "y@yahoo.com", "z@bounce.test"]
    message_id = ses.send_email(FromEmailAddress="a@sender.test",
                                Destination={"ToAddresses": three[:2], "BccAddresses": three[2:]},
                                Content=simple())["MessageId"]
    sent.append((message_id, "sender.test", None, three, True))

    predicted = []
    for message_id, identity, configuration_set, recipients, tracked in sent:
        actual = stored_events(server, message_id)
        assert actual, f"no events for {message_id}"
        sent_at = parse_timestamp(actual[0]["timestamp"])
        expected = predicted_events(message_id, sent_at, identity, configuration_set, recipients, tracked)
        comparable = [{k: v for k, v in e.items() if k != "eventId"} | {"timestamp": parse_timestamp(e["timestamp"])}
                      for e in actual]
        assert comparable == expected, f"{recipients[0]}: {comparable} != {expected}"
        assert [e["eventId"] for e in actual] == [f"{message_id}-{n}" for n in range(len(actual))]
        predicted += expected

    recount = Recount(predicted)
    normal = Recount(e for e in predicted if not e["mailboxSimulator"] and e["recipientCount"] == 1)
    start = min(day_of(e["timestamp"]) for e in predicted)
    end = max(day_of(e["timestamp"]) for e in predicted) + DAY
    dimension_sets = [None, {"EMAIL_IDENTITY": "sender.test"}, {"EMAIL_IDENTITY": "solo@other.test"},
                      {"CONFIGURATION_SET": "quiet"}, {"ISP": "Yahoo"}, {"ISP": "Other"},
                      {"EMAIL_IDENTITY": "sender.test", "CONFIGURATION_SET": "campaign", "ISP": "Gmail"}]
    for dims in dimension_sets:
        queries = []
        for n, metric in enumerate(METRICS):
            q = {"Id": f"q{n}", "Namespace": "VDM", "Metric": metric,
                 "StartDate": dt.datetime.fromtimestamp(start, dt.timezone.utc),
                 "EndDate": dt.datetime.fromtimestamp(end, dt.timezone.utc)}
            if dims:
                q["Dimensions"] = dims
            queries.append(q)
        results = {r["Id"]: r for r in ses.batch_get_metric_data(Queries=queries)["Results"]}
        for n, metric in enumerate(METRICS):
            got = [(int(t.timestamp()), v) for t, v in zip(results[f"q{n}"]["Timestamps"], results[f"q{n}"]["Values"])]
            assert got == recount.series(metric, dims, start, end), (metric, dims)
            # The simulator and the three-recipient message count nowhere.
            assert got == normal.series(metric, dims, start, end), (metric, dims)
    # The rules did fire: every metric but none is non-zero in the whole matrix.
    assert all(recount.total(m) > 0 for m in METRICS), {m: recount.total(m) for m in METRICS}
    # GetAccount counts every recipient of every non-simulator send.
    assert ses.get_account()["SendQuota"]["SentLast24Hours"] == 50 + 3


def test_probabilistic_rules_repeat_with_the_same_seed(sending_server, ses):
    server = sending_server
    rules = {"seed": 42, "rules": [{"match": {"recipient": "*@maybe.test"}, "outcome": "PERMANENT_BOUNCE",
                                    "probability": 0.5}]}
    # Bounced addresses would be on the suppression list the second time, and bounce without a draw.
    ses.put_account_suppression_attributes(SuppressedReasons=[])
    runs = []
    for _ in range(2):
        assert control(server, "PUT", "/_emulator/outcomes", rules).status == 200  # a PUT reseeds
        outcomes = []
        for i in range(40):
            message_id = ses.send_email(FromEmailAddress="a@sender.test", Destination={"ToAddresses": [f"u{i}@maybe.test"]},
                                        Content=simple())["MessageId"]
            outcomes.append(stored_events(server, message_id)[1]["type"])
        runs.append(outcomes)
    assert runs[0] == runs[1]
    assert 5 < runs[0].count("PERMANENT_BOUNCE") < 35, runs[0]
    assert control(server, "GET", "/_emulator/outcomes").json()["rules"][0]["probability"] == 0.5


def test_engagement_tracking_follows_the_account_vdm_settings(sending_server, ses):
    ses.put_account_vdm_attributes(VdmAttributes={"VdmEnabled": "ENABLED",
                                                  "DashboardAttributes": {"EngagementMetrics": "DISABLED"}})
    off = ses.send_email(FromEmailAddress="a@sender.test", Destination={"ToAddresses": ["a@gmail.com"]},
                         Content=simple())["MessageId"]
    ses.create_configuration_set(ConfigurationSetName="tracked",
                                 VdmOptions={"DashboardOptions": {"EngagementMetrics": "ENABLED"}})
    on = ses.send_email(FromEmailAddress="a@sender.test", Destination={"ToAddresses": ["a@gmail.com"]},
                        Content=simple(), ConfigurationSetName="tracked")["MessageId"]
    assert stored_events(sending_server, off)[1]["openTracking"] is False
    assert stored_events(sending_server, on)[1]["openTracking"] is True
    assert stored_events(sending_server, on)[1]["clickTracking"] is True


def test_raw_and_templated_sends_are_inspectable_like_localstack(sending_server, ses):
    server = sending_server
    ses.create_email_template(TemplateName="welcome",
                              TemplateContent={"Subject": "Hi {{name}}", "Text": "Dear {{name}}, {{ plan.tier }}",
                                               "Html": "<p>{{name}}</p>"})
    templated = ses.send_email(FromEmailAddress="a@sender.test", Destination={"ToAddresses": ["t@gmail.com"]},
                               Content={"Template": {"TemplateName": "welcome",
                                                     "TemplateData": json.dumps({"name": "Ann", "plan": {"tier": "pro"}})}})
    raw = b"From: Alice <alice@sender.test>\r\nTo: r1@gmail.com,\r\n r2@yahoo.com\r\nSubject: raw one\r\n\r\nbody\r\n"
    raw_id = ses.send_email(Content={"Raw": {"Data": raw}})["MessageId"]
    plain = ses.send_email(FromEmailAddress="b@sender.test", Destination={"ToAddresses": ["p@qq.com"]},
                           Content=simple("S", "T"))["MessageId"]

    message = ses_messages(server, "?id=" + templated["MessageId"])
    assert len(message) == 1
    m = message[0]
    assert (m["Subject"], m["Body"]["text_part"], m["Body"]["html_part"]) == ("Hi Ann", "Dear Ann, pro", "<p>Ann</p>")
    assert m["Template"] == "welcome" and json.loads(m["TemplateData"]) == {"name": "Ann", "plan": {"tier": "pro"}}
    assert m["Destination"] == {"ToAddresses": ["t@gmail.com"]} and m["Source"] == "a@sender.test"
    assert m["Region"] == "us-east-1"
    raw_message = ses_messages(server, "?id=" + raw_id)[0]
    assert raw_message["RawData"] == raw.decode() and raw_message["Source"] == "alice@sender.test"
    assert raw_message["Destination"] == {"ToAddresses": ["r1@gmail.com", "r2@yahoo.com"]}
    assert stored_events(server, raw_id)[0]["recipientCount"] == 2
    assert [x["Id"] for x in ses_messages(server, "?email=b@sender.test")] == [plain]
    assert len(ses_messages(server)) == 3

    response = control(server, "DELETE", "/_aws/ses?id=" + plain)
    assert response.status == 204 and response.body == b""
    assert len(ses_messages(server)) == 2
    assert control(server, "DELETE", "/_aws/ses").status == 204
    assert ses_messages(server) == []
    # The events stay: metrics never lose data to an inspection clean-up.
    assert stored_events(server, plain)


def test_bulk_email_sends_one_message_per_entry_and_reports_each(sending_server, ses):
    server = sending_server
    ses.create_email_template(TemplateName="promo", TemplateContent={"Subject": "{{greeting}} {{name}}", "Text": "x"})
    result = ses.send_bulk_email(
        FromEmailAddress="deals@sender.test",
        DefaultContent={"Template": {"TemplateName": "promo", "TemplateData": json.dumps({"greeting": "Hello", "name": "you"})}},
        BulkEmailEntries=[
            {"Destination": {"ToAddresses": ["a@gmail.com"]},
             "ReplacementEmailContent": {"ReplacementTemplate": {"ReplacementTemplateData": json.dumps({"name": "Ann"})}}},
            {"Destination": {"ToAddresses": []}},
            {"Destination": {"ToAddresses": ["b@yahoo.com"]},
             "ReplacementEmailContent": {"ReplacementTemplate": {"ReplacementTemplateData": "[1]"}}},
            {"Destination": {"ToAddresses": ["c@hotmail.com"]}},
        ])["BulkEmailEntryResults"]
    assert [r["Status"] for r in result] == ["SUCCESS", "INVALID_PARAMETER", "INVALID_PARAMETER", "SUCCESS"]
    assert "at least one recipient" in result[1]["Error"] and "JSON object" in result[2]["Error"]
    subjects = [ses_messages(server, "?id=" + r["MessageId"])[0]["Subject"] for r in result if r["Status"] == "SUCCESS"]
    assert subjects == ["Hello Ann", "Hello you"]
    assert event_count(server) == 4  # two messages, SEND + DELIVERY each


def test_refused_sends_say_why_as_aws_does_and_store_nothing(sending_server, ses, tmp_path):
    server = sending_server
    ses.create_email_template(TemplateName="t", TemplateContent={"Subject": "s", "Text": "{{a}}"})
    raw = make_client(server.url, validate=False)
    ok = {"FromEmailAddress": "a@sender.test", "Destination": {"ToAddresses": ["a@gmail.com"]}, "Content": simple()}
    cases = [
        (lambda: ses.send_email(**{**ok, "FromEmailAddress": "someone@unverified.test"}),
         ("MessageRejected", "Email address is not verified. The following identities failed the check in region "
                             "US-EAST-1: someone@unverified.test")),
        (lambda: ses.send_email(**ok, ConfigurationSetName="nope"),
         ("NotFoundException", "Configuration set nope does not exist.")),
        (lambda: ses.send_email(**{**ok, "Content": {"Template": {"TemplateName": "missing", "TemplateData": "{}"}}}),
         ("NotFoundException", "Template missing does not exist.")),
        (lambda: ses.send_email(**{**ok, "Content": {"Template": {"TemplateName": "t", "TemplateData": "not json"}}}),
         ("BadRequestException", None)),
        (lambda: ses.send_email(**{**ok, "Destination": {"ToAddresses": [f"u{i}@gmail.com" for i in range(51)]}}),
         ("BadRequestException", "Recipient count exceeds 50.")),
        (lambda: raw.send_email(**{**ok, "Destination": {}}),
         ("BadRequestException", "The message must have at least one recipient in ToAddresses, CcAddresses or BccAddresses.")),
        (lambda: ses.send_email(**{**ok, "Destination": {"ToAddresses": ["not-an-address"]}}),
         ("BadRequestException", "Illegal address: not-an-address")),
    ]
    for call, (code, message) in cases:
        got = refused(call)
        assert got[0] == code, got
        if message is not None:
            assert got[1] == message, got
    assert "TemplateData" in refused(cases[3][0])[1]
    ses.put_account_sending_attributes(SendingEnabled=False)
    assert refused(lambda: ses.send_email(**ok)) == ("SendingPausedException", "Sending is paused for this account.")
    ses.put_account_sending_attributes(SendingEnabled=True)
    ses.create_configuration_set(ConfigurationSetName="paused", SendingOptions={"SendingEnabled": False})
    assert refused(lambda: ses.send_email(**ok, ConfigurationSetName="paused")) == (
        "SendingPausedException", "Sending is paused for configuration set paused.")
    assert event_count(server) == 0
    assert ses_messages(server) == []
    # The same refusal through the aws CLI names the same exception.
    cli = aws_cli(["sesv2", "send-email", "--endpoint-url", server.url, "--from-email-address", "x@unverified.test",
                   "--destination", "ToAddresses=a@gmail.com",
                   "--content", json.dumps(simple())], tmp_path)
    assert cli.returncode != 0 and b"MessageRejected" in cli.stderr


def test_a_verified_domain_covers_its_addresses_and_a_verified_address_wins(sending_server, ses):
    ses.create_email_identity(EmailIdentity="vip@sender.test")
    by_address = ses.send_email(FromEmailAddress="VIP <vip@sender.test>", Destination={"ToAddresses": ["a@gmail.com"]},
                                Content=simple())["MessageId"]
    by_domain = ses.send_email(FromEmailAddress="other@SENDER.test", Destination={"ToAddresses": ["a@gmail.com"]},
                               Content=simple())["MessageId"]
    assert stored_events(sending_server, by_address)[0]["emailIdentity"] == "vip@sender.test"
    assert stored_events(sending_server, by_domain)[0]["emailIdentity"] == "sender.test"
    ses.delete_email_identity(EmailIdentity="sender.test")
    # Its events keep it listed, as never verified; mail from it is refused again.
    listed = {i["IdentityName"]: i for i in ses.list_email_identities()["EmailIdentities"]}
    assert (listed["sender.test"]["SendingEnabled"], listed["sender.test"]["VerificationStatus"]) == (False, "NOT_STARTED")
    code, _ = refused(lambda: ses.send_email(FromEmailAddress="other@sender.test",
                                             Destination={"ToAddresses": ["a@gmail.com"]}, Content=simple()))
    assert code == "MessageRejected"


def test_identities_configuration_sets_and_templates_round_trip(start_server, tmp_path):
    seed = tmp_path / "seed.ndjson"
    now = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    seed.write_text(json.dumps({"type": "SEND", "timestamp": now, "emailIdentity": "seeded.example",
                                "configurationSet": "seeded-set", "isp": "Gmail"}) + "\n")
    server = start_server(["--port", "0", "--seed-data", str(seed)])
    ses = make_client(server.url)
    created = ses.create_email_identity(EmailIdentity="Brand.Example", Tags=[{"Key": "team", "Value": "a"}])
    assert created["IdentityType"] == "DOMAIN" and created["VerifiedForSendingStatus"] is True
    assert created["DkimAttributes"]["Status"] == "SUCCESS" and len(created["DkimAttributes"]["Tokens"]) == 3
    for name in ["person@brand.example", "a@b.example", "z.example"]:
        ses.create_email_identity(EmailIdentity=name)
    assert refused(lambda: ses.create_email_identity(EmailIdentity="brand.example")) == (
        "AlreadyExistsException", "Email identity brand.example already exists.")
    got = ses.get_email_identity(EmailIdentity="brand.example")
    assert got["Tags"] == [{"Key": "team", "Value": "a"}] and got["VerificationStatus"] == "SUCCESS"
    assert ses.get_email_identity(EmailIdentity="person@brand.example")["IdentityType"] == "EMAIL_ADDRESS"
    # Known from the seed's events: listed and readable, but never verified here, so no sender.
    seeded = ses.get_email_identity(EmailIdentity="seeded.example")
    assert (seeded["VerifiedForSendingStatus"], seeded["VerificationStatus"]) == (False, "NOT_STARTED")
    assert refused(lambda: ses.send_email(FromEmailAddress="a@seeded.example", Destination={"ToAddresses": ["a@gmail.com"]},
                                          Content=simple()))[0] == "MessageRejected"
    # Creating it makes it a real, verified identity; its events keep counting under it.
    ses.create_email_identity(EmailIdentity="seeded.example")
    assert refused(lambda: ses.create_email_identity(EmailIdentity="seeded.example"))[0] == "AlreadyExistsException"
    assert ses.get_email_identity(EmailIdentity="seeded.example")["VerifiedForSendingStatus"] is True
    ses.send_email(FromEmailAddress="a@seeded.example", Destination={"ToAddresses": ["a@gmail.com"]}, Content=simple())
    assert refused(lambda: ses.get_email_identity(EmailIdentity="nobody.example")) == (
        "NotFoundException", "Email identity nobody.example does not exist.")

    names, token = [], None
    while True:
        page = ses.list_email_identities(PageSize=2, **({"NextToken": token} if token else {}))
        assert len(page["EmailIdentities"]) <= 2
        names += [i["IdentityName"] for i in page["EmailIdentities"]]
        token = page.get("NextToken")
        if not token:
            break
    assert names == ["a@b.example", "Brand.Example", "person@brand.example", "seeded.example", "z.example"]
    paginator = ses.get_paginator("list_email_identities") if ses.can_paginate("list_email_identities") else None
    if paginator:
        assert [i["IdentityName"] for p in paginator.paginate(PaginationConfig={"PageSize": 3})
                for i in p["EmailIdentities"]] == names

    ses.delete_email_identity(EmailIdentity="z.example")
    assert refused(lambda: ses.delete_email_identity(EmailIdentity="z.example"))[0] == "NotFoundException"
    ses.delete_email_identity(EmailIdentity="seeded.example")
    # Deleted, it is known from its events again, and cannot be deleted while they name it.
    code, message = refused(lambda: ses.delete_email_identity(EmailIdentity="seeded.example"))
    assert code == "BadRequestException" and "stored events" in message

    ses.create_configuration_set(ConfigurationSetName="cs-a", TrackingOptions={"CustomRedirectDomain": "t.example"},
                                 DeliveryOptions={"TlsPolicy": "REQUIRE", "MaxDeliverySeconds": 600},
                                 SuppressionOptions={"SuppressedReasons": ["BOUNCE"]})
    got = ses.get_configuration_set(ConfigurationSetName="cs-a")
    assert got["DeliveryOptions"] == {"TlsPolicy": "REQUIRE", "MaxDeliverySeconds": 600}
    assert got["TrackingOptions"] == {"CustomRedirectDomain": "t.example"}
    assert got["SendingOptions"] == {"SendingEnabled": True}
    assert ses.get_configuration_set(ConfigurationSetName="seeded-set")["ConfigurationSetName"] == "seeded-set"
    assert ses.list_configuration_sets()["ConfigurationSets"] == ["cs-a", "seeded-set"]
    assert refused(lambda: ses.create_configuration_set(ConfigurationSetName="cs-a"))[0] == "AlreadyExistsException"
    code, message = refused(lambda: ses.create_configuration_set(ConfigurationSetName="bad name"))
    assert code == "BadRequestException" and "only alphanumeric ASCII characters" in message
    code, message = refused(lambda: ses.create_configuration_set(
        ConfigurationSetName="x", VdmOptions={"DashboardOptions": {"EngagementMetrics": "MAYBE"}}))
    assert code == "BadRequestException" and "vdmOptions.dashboardOptions.engagementMetrics" in message
    ses.delete_configuration_set(ConfigurationSetName="cs-a")
    assert refused(lambda: ses.get_configuration_set(ConfigurationSetName="cs-a")) == (
        "NotFoundException", "Configuration set cs-a does not exist.")

    for i in range(12):
        ses.create_email_template(TemplateName=f"tpl-{i:02}", TemplateContent={"Subject": f"s{i}", "Text": "t"})
    first = ses.list_email_templates()
    assert len(first["TemplatesMetadata"]) == 10 and first["NextToken"]
    rest = ses.list_email_templates(NextToken=first["NextToken"])
    assert [t["TemplateName"] for t in rest["TemplatesMetadata"]] == ["tpl-10", "tpl-11"] and "NextToken" not in rest
    ses.update_email_template(TemplateName="tpl-00", TemplateContent={"Subject": "new", "Html": "<b>x</b>"})
    assert ses.get_email_template(TemplateName="tpl-00")["TemplateContent"] == {"Subject": "new", "Html": "<b>x</b>"}
    assert refused(lambda: ses.update_email_template(TemplateName="none", TemplateContent={"Subject": "s"})) == (
        "NotFoundException", "Template none does not exist.")
    ses.delete_email_template(TemplateName="tpl-00")
    assert refused(lambda: ses.get_email_template(TemplateName="tpl-00"))[0] == "NotFoundException"
    assert refused(lambda: ses.create_email_template(TemplateName="tpl-01", TemplateContent={}))[0] == "AlreadyExistsException"

    # Reset forgets what the API created, keeps what the seed names.
    assert control(server, "POST", "/_emulator/reset").status == 200
    assert [i["IdentityName"] for i in ses.list_email_identities()["EmailIdentities"]] == ["seeded.example"]
    assert ses.list_email_templates()["TemplatesMetadata"] == []


def aws_cli(args: list[str], tmp_path) -> subprocess.CompletedProcess:
    return run_aws(args, tmp_path, {"AWS_DEFAULT_REGION": "us-east-1"})


def test_aws_cli_send_email_and_send_bulk_email(sending_server, ses, tmp_path):
    server = sending_server
    ses.create_email_template(TemplateName="cli", TemplateContent={"Subject": "Hi {{n}}", "Text": "x"})
    single = aws_cli(["sesv2", "send-email", "--endpoint-url", server.url, "--from-email-address", "cli@sender.test",
                      "--destination", "ToAddresses=one@gmail.com,two@yahoo.com",
                      "--content", json.dumps(simple("cli subject", "cli body"))], tmp_path)
    assert single.returncode == 0, single.stderr
    message_id = json.loads(single.stdout)["MessageId"]
    stored = ses_messages(server, "?id=" + message_id)[0]
    assert stored["Subject"] == "cli subject" and stored["Destination"]["ToAddresses"] == ["one@gmail.com", "two@yahoo.com"]
    bulk = aws_cli(["sesv2", "send-bulk-email", "--endpoint-url", server.url, "--from-email-address", "cli@sender.test",
                    "--default-content", json.dumps({"Template": {"TemplateName": "cli", "TemplateData": '{"n":"all"}'}}),
                    "--bulk-email-entries", json.dumps([
                        {"Destination": {"ToAddresses": ["b1@gmail.com"]}},
                        {"Destination": {"ToAddresses": ["b2@gmail.com"]},
                         "ReplacementEmailContent": {"ReplacementTemplate": {"ReplacementTemplateData": '{"n":"b2"}'}}}])],
                   tmp_path)
    assert bulk.returncode == 0, bulk.stderr
    results = json.loads(bulk.stdout)["BulkEmailEntryResults"]
    assert [r["Status"] for r in results] == ["SUCCESS", "SUCCESS"]
    assert [ses_messages(server, "?id=" + r["MessageId"])[0]["Subject"] for r in results] == ["Hi all", "Hi b2"]
    # awscli v1 (pip's) passes a blob's text as the bytes and base64-encodes them itself.
    raw = "From: cli@sender.test\r\nTo: r@gmail.com\r\nSubject: raw\r\n\r\nx"
    raw_send = aws_cli(["sesv2", "send-email", "--endpoint-url", server.url,
                        "--content", json.dumps({"Raw": {"Data": raw}})], tmp_path)
    assert raw_send.returncode == 0, raw_send.stderr
    assert ses_messages(server, "?id=" + json.loads(raw_send.stdout)["MessageId"])[0]["RawData"].startswith("From: cli@")


def test_outcome_rules_from_a_file_and_their_validation(start_server, tmp_path):
    rules = tmp_path / "outcomes.json"
    rules.write_text(json.dumps({"seed": 3, "rules": [{"match": {"recipient": "*@gmail.com"}, "outcome": "CLICK"}]}))
    server = start_server(["--port", "0", "--outcomes", str(rules)])
    ses = make_client(server.url)
    ses.create_email_identity(EmailIdentity="sender.test")
    message_id = ses.send_email(FromEmailAddress="a@sender.test", Destination={"ToAddresses": ["a@gmail.com"]},
                                Content=simple())["MessageId"]
    assert [e["type"] for e in stored_events(server, message_id)] == ["SEND", "DELIVERY", "OPEN", "CLICK"]
    bad = [({"rules": [{"outcome": "LOST"}]}, "rules[0].outcome must be one of"),
           ({"rules": [{"outcome": "OPEN", "probability": 2}]}, "rules[0].probability must be between 0 and 1"),
           ({"rules": [{"outcome": "OPEN", "match": {"sender": "x"}}]}, "unknown field rules[0].match.sender"),
           ({"seed": -1}, "seed must be between")]
    for document, message in bad:
        response = control(server, "PUT", "/_emulator/outcomes", document)
        assert response.status == 400 and message in response.json()["message"], response.body
    assert control(server, "GET", "/_emulator/outcomes").json()["seed"] == 3
    assert control(server, "DELETE", "/_emulator/outcomes").json() == {"seed": 0, "rules": []}
    assert control(server, "POST", "/_emulator/reset").status == 200
    assert control(server, "GET", "/_emulator/outcomes").json()["rules"][0]["outcome"] == "CLICK"


def test_events_endpoint_pages_and_filters(sending_server, ses):
    server = sending_server
    ids = [ses.send_email(FromEmailAddress="a@sender.test", Destination={"ToAddresses": [f"u{i}@gmail.com"]},
                          Content=simple())["MessageId"] for i in range(5)]
    seen, token = [], None
    while True:
        query = "?limit=3&emailIdentity=sender.test" + (f"&nextToken={token}" if token else "")
        page = control(server, "GET", "/_emulator/events" + query).json()
        seen += page["events"]
        token = page.get("nextToken")
        if not token:
            break
    assert len(seen) == 10
    assert [parse_timestamp(e["timestamp"]) for e in seen] == sorted(parse_timestamp(e["timestamp"]) for e in seen)
    assert {e["messageId"] for e in seen} == set(ids)
    later = control(server, "GET", "/_emulator/events?from=" + seen[0]["timestamp"] + "&to=2999-01-01T00:00:00Z").json()
    assert len(later["events"]) == 10
    assert control(server, "GET", "/_emulator/events?emailIdentity=nobody").json() == {"events": []}
    for query, message in [("?limit=0", "limit must be"), ("?limit=1001", "limit must be"),
                           ("?nextToken=abc", "Invalid nextToken"), ("?from=yesterday", "from must be"),
                           ("?color=red", "Unknown parameter")]:
        response = control(server, "GET", "/_emulator/events" + query)
        assert response.status == 400 and message in response.json()["message"], (query, response.body)


def test_without_the_control_api_sending_works_but_nothing_is_kept_for_inspection(start_server):
    server = start_server(["--port", "0", "--no-control-api"])
    ses = make_client(server.url)
    ses.create_email_identity(EmailIdentity="sender.test")
    ses.send_email(FromEmailAddress="a@sender.test", Destination={"ToAddresses": ["a@gmail.com"]}, Content=simple())
    assert control(server, "GET", "/_aws/ses").status == 404
    assert control(server, "GET", "/_emulator/health").json()["events"] == 2


def test_sends_survive_a_restart_on_a_database_file(start_server, tmp_path):
    database = tmp_path / "kept.db"
    server = start_server(["--port", "0", "--database", str(database)])
    ses = make_client(server.url)
    ses.create_email_identity(EmailIdentity="sender.test")
    ses.create_email_template(TemplateName="kept", TemplateContent={"Subject": "s"})
    message_id = ses.send_email(FromEmailAddress="a@sender.test", Destination={"ToAddresses": ["a@gmail.com"]},
                                Content=simple())["MessageId"]
    server.stop(check=True)
    again = start_server(["--port", "0", "--database", str(database)])
    ses = make_client(again.url)
    assert ses.get_email_identity(EmailIdentity="sender.test")["VerifiedForSendingStatus"] is True
    assert ses.get_email_template(TemplateName="kept")["TemplateName"] == "kept"
    assert [m["Id"] for m in ses_messages(again)] == [message_id]
    assert len(stored_events(again, message_id)) == 2
