"""SES v1 (the Query protocol) through boto3's "ses" client and `aws ses` (docs/v1.md):
GetSendStatistics from the stored events, agreeing with BatchGetMetricData over them; the
identity actions on the one identity store SESv2 uses; the account's sending switch.
"""
from __future__ import annotations

import datetime as dt
import json

import pytest

from support import make_client, refused, run_aws

RULES = {"rules": [{"match": {"recipient": "*@bounce.test"}, "outcome": "PERMANENT_BOUNCE"},
                   {"match": {"recipient": "*@yahoo.com"}, "outcome": "COMPLAINT"}]}


@pytest.fixture
def server(start_server, tmp_path):
    rules = tmp_path / "rules.json"
    rules.write_text(json.dumps(RULES))
    return start_server(["--port", "0", "--outcomes", str(rules)])


def test_send_statistics_agree_with_batch_get_metric_data(server, tmp_path):
    v2, v1 = make_client(server.url), make_client(server.url, service="ses")
    assert v1.get_send_statistics()["SendDataPoints"] == []
    v1.verify_domain_identity(Domain="sender.test")
    for to in ["a@gmail.com", "b@yahoo.com", "c@bounce.test", "d@bounce.test", "bounce@simulator.amazonses.com"]:
        v2.send_email(FromEmailAddress="x@sender.test", Destination={"ToAddresses": [to]},
                      Content={"Simple": {"Subject": {"Data": "s"}, "Body": {"Text": {"Data": "t"}}}})
    # A second send to a bounced address is the suppression list's bounce: counted in neither.
    v2.send_email(FromEmailAddress="x@sender.test", Destination={"ToAddresses": ["c@bounce.test"]},
                  Content={"Simple": {"Subject": {"Data": "s"}, "Body": {"Text": {"Data": "t"}}}})
    points = v1.get_send_statistics()["SendDataPoints"]
    totals = {k: sum(p[k] for p in points) for k in ["DeliveryAttempts", "Bounces", "Complaints", "Rejects"]}
    assert totals == {"DeliveryAttempts": 5, "Bounces": 2, "Complaints": 1, "Rejects": 0}
    assert all(p["Timestamp"].minute % 15 == 0 and p["Timestamp"].second == 0 for p in points)
    today = dt.datetime.now(dt.timezone.utc).replace(hour=0, minute=0, second=0, microsecond=0)
    queries = [{"Id": m.lower(), "Namespace": "VDM", "Metric": m, "StartDate": today - dt.timedelta(days=1),
                "EndDate": today + dt.timedelta(days=1)} for m in ["SEND", "PERMANENT_BOUNCE", "COMPLAINT"]]
    sums = {r["Id"]: sum(r["Values"]) for r in v2.batch_get_metric_data(Queries=queries)["Results"]}
    assert (sums["send"], sums["permanent_bounce"], sums["complaint"]) == (
        totals["DeliveryAttempts"], totals["Bounces"], totals["Complaints"])
    out = run_aws(["ses", "get-send-statistics", "--endpoint-url", server.url, "--region", "us-east-1"], tmp_path)
    assert out.returncode == 0, out.stderr
    assert sum(p["DeliveryAttempts"] for p in json.loads(out.stdout)["SendDataPoints"]) == 5


def test_identities_are_one_store_with_sesv2(server, tmp_path):
    v2, v1 = make_client(server.url), make_client(server.url, service="ses")
    v1.verify_email_identity(EmailAddress="ann@example.com")
    v1.verify_email_address(EmailAddress="bob@example.com")
    token = v1.verify_domain_identity(Domain="example.org")["VerificationToken"]
    assert token and token == v1.verify_domain_identity(Domain="example.org")["VerificationToken"]
    assert len(v1.verify_domain_dkim(Domain="example.org")["DkimTokens"]) == 3
    v2.create_email_identity(EmailIdentity="v2.example")
    assert v1.list_identities()["Identities"] == ["ann@example.com", "bob@example.com", "example.org", "v2.example"]
    assert v1.list_identities(IdentityType="Domain")["Identities"] == ["example.org", "v2.example"]
    page = v1.list_identities(MaxItems=3)
    assert len(page["Identities"]) == 3 and v1.list_identities(MaxItems=3, NextToken=page["NextToken"])["Identities"] == ["v2.example"]
    assert sorted(v1.list_verified_email_addresses()["VerifiedEmailAddresses"]) == ["ann@example.com", "bob@example.com"]
    assert [i["IdentityName"] for i in v2.list_email_identities()["EmailIdentities"]] == [
        "ann@example.com", "bob@example.com", "example.org", "v2.example"]
    attributes = v1.get_identity_verification_attributes(Identities=["example.org", "ann@example.com", "nobody.test"])[
        "VerificationAttributes"]
    assert attributes == {"example.org": {"VerificationStatus": "Success", "VerificationToken": token},
                          "ann@example.com": {"VerificationStatus": "Success"}}
    v2.put_email_identity_dkim_attributes(EmailIdentity="v2.example", SigningEnabled=False)
    dkim = v1.get_identity_dkim_attributes(Identities=["v2.example", "ann@example.com"])["DkimAttributes"]
    assert dkim["v2.example"]["DkimEnabled"] is False and len(dkim["v2.example"]["DkimTokens"]) == 3
    assert dkim["ann@example.com"] == {"DkimEnabled": True, "DkimVerificationStatus": "Success"}
    # A v1-verified identity sends through SESv2.
    v2.send_email(FromEmailAddress="ann@example.com", Destination={"ToAddresses": ["x@gmail.com"]},
                  Content={"Simple": {"Subject": {"Data": "s"}, "Body": {"Text": {"Data": "t"}}}})
    v1.delete_identity(Identity="example.org")
    v1.delete_verified_email_address(EmailAddress="bob@example.com")
    v1.delete_identity(Identity="never.test")
    assert v1.list_identities()["Identities"] == ["ann@example.com", "v2.example"]
    code, message = refused(lambda: v1.verify_email_identity(EmailAddress="not-an-address"))
    assert code == "InvalidParameterValue" and "not-an-address" in message
    out = run_aws(["ses", "list-identities", "--endpoint-url", server.url, "--region", "us-east-1"], tmp_path)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["Identities"] == ["ann@example.com", "v2.example"]


def test_the_account_sending_switch_is_sesv2s(server):
    v2, v1 = make_client(server.url), make_client(server.url, service="ses")
    assert v1.get_account_sending_enabled()["Enabled"] is True
    v1.update_account_sending_enabled(Enabled=False)
    assert v2.get_account()["SendingEnabled"] is False
    v2.create_email_identity(EmailIdentity="sender.test")
    assert refused(lambda: v2.send_email(FromEmailAddress="x@sender.test", Destination={"ToAddresses": ["a@gmail.com"]},
                                         Content={"Simple": {"Subject": {"Data": "s"}, "Body": {"Text": {"Data": "t"}}}}))[0] == (
        "SendingPausedException")
    v2.put_account_sending_attributes(SendingEnabled=True)
    assert v1.get_account_sending_enabled()["Enabled"] is True


def test_v1_sends_are_sesv2_sends_with_v1_errors(server, tmp_path):
    from support import control
    import urllib.parse
    v2, v1 = make_client(server.url), make_client(server.url, service="ses")
    v1.verify_domain_identity(Domain="sender.test")
    message_id = v1.send_email(Source="a@sender.test", Destination={"ToAddresses": ["x@yahoo.com"]},
                               Message={"Subject": {"Data": "Hi"}, "Body": {"Text": {"Data": "plain"}, "Html": {"Data": "<p>x</p>"}}})["MessageId"]
    sent = control(server, "GET", "/_aws/ses?id=" + urllib.parse.quote(message_id)).json()["messages"][0]
    assert (sent["Subject"], sent["Body"]["text_part"], sent["Body"]["html_part"]) == ("Hi", "plain", "<p>x</p>")
    events = control(server, "GET", "/_emulator/events?messageId=" + urllib.parse.quote(message_id)).json()["events"]
    assert [e["type"] for e in events] == ["SEND", "DELIVERY", "COMPLAINT"]

    v2.create_configuration_set(ConfigurationSetName="raw-set")
    raw = b"From: Ann <a@sender.test>\r\nTo: b@gmail.com\r\nX-SES-CONFIGURATION-SET: raw-set\r\nSubject: Raw\r\n\r\nbody\r\n"
    raw_id = v1.send_raw_email(RawMessage={"Data": raw})["MessageId"]
    events = control(server, "GET", "/_emulator/events?messageId=" + urllib.parse.quote(raw_id)).json()["events"]
    assert events[0]["configurationSet"] == "raw-set" and events[0]["isp"] == "Gmail"
    # Destinations override the message's recipients.
    overridden = v1.send_raw_email(RawMessage={"Data": raw}, Destinations=["c@hotmail.com"])["MessageId"]
    assert control(server, "GET", "/_emulator/events?messageId=" + urllib.parse.quote(overridden)).json()["events"][0]["isp"] == "Hotmail"

    v2.create_email_template(TemplateName="hello", TemplateContent={"Subject": "Hi {{name}}", "Text": "t"})
    templated = v1.send_templated_email(Source="a@sender.test", Destination={"ToAddresses": ["d@gmail.com"]},
                                        Template="hello", TemplateData='{"name": "Ann"}')["MessageId"]
    assert control(server, "GET", "/_aws/ses?id=" + urllib.parse.quote(templated)).json()["messages"][0]["Subject"] == "Hi Ann"

    def simple(**extra):
        return lambda: v1.send_email(**{"Source": "a@sender.test", "Destination": {"ToAddresses": ["x@gmail.com"]},
                                        "Message": {"Subject": {"Data": "s"}, "Body": {"Text": {"Data": "t"}}}, **extra})
    assert refused(simple(Source="a@unverified.test"))[0] == "MessageRejected"
    assert refused(simple(ConfigurationSetName="none"))[0] == "ConfigurationSetDoesNotExist"
    v2.put_configuration_set_sending_options(ConfigurationSetName="raw-set", SendingEnabled=False)
    assert refused(simple(ConfigurationSetName="raw-set"))[0] == "ConfigurationSetSendingPausedException"
    assert refused(lambda: v1.send_templated_email(Source="a@sender.test", Destination={"ToAddresses": ["d@gmail.com"]},
                                                   Template="none", TemplateData="{}"))[0] == "TemplateDoesNotExist"
    assert refused(simple(Destination={"ToAddresses": ["broken"]}))[0] == "InvalidParameterValue"
    v1.update_account_sending_enabled(Enabled=False)
    assert refused(simple())[0] == "AccountSendingPausedException"
    v1.update_account_sending_enabled(Enabled=True)
    out = run_aws(["ses", "send-email", "--from", "a@sender.test", "--to", "e@gmail.com", "--subject", "cli", "--text", "t",
                   "--endpoint-url", server.url, "--region", "us-east-1"], tmp_path)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["MessageId"]


def test_templates_are_sesv2s(server):
    v2, v1 = make_client(server.url), make_client(server.url, service="ses")
    v1.create_template(Template={"TemplateName": "welcome", "SubjectPart": "Hi {{name}}", "TextPart": "Dear {{name}}",
                                 "HtmlPart": "<p>{{name}}</p>"})
    assert v2.get_email_template(TemplateName="welcome")["TemplateContent"] == {
        "Subject": "Hi {{name}}", "Text": "Dear {{name}}", "Html": "<p>{{name}}</p>"}
    v2.create_email_template(TemplateName="v2", TemplateContent={"Subject": "S", "Text": "T"})
    assert v1.get_template(TemplateName="v2")["Template"] == {"TemplateName": "v2", "SubjectPart": "S", "TextPart": "T"}
    assert refused(lambda: v1.create_template(Template={"TemplateName": "welcome", "SubjectPart": "x"}))[0] == "AlreadyExists"
    assert refused(lambda: v1.create_template(Template={"TemplateName": "bad name", "SubjectPart": "x"}))[0] == "InvalidTemplate"
    v1.update_template(Template={"TemplateName": "welcome", "SubjectPart": "Hello {{name}}"})
    assert v2.get_email_template(TemplateName="welcome")["TemplateContent"] == {"Subject": "Hello {{name}}"}
    assert refused(lambda: v1.update_template(Template={"TemplateName": "none", "SubjectPart": "x"}))[0] == "TemplateDoesNotExist"
    assert [t["Name"] for t in v1.list_templates()["TemplatesMetadata"]] == ["v2", "welcome"]
    page = v1.list_templates(MaxItems=1)
    assert [t["Name"] for t in v1.list_templates(MaxItems=1, NextToken=page["NextToken"])["TemplatesMetadata"]] == ["welcome"]
    rendered = v1.test_render_template(TemplateName="welcome", TemplateData='{"name": "Ann"}')["RenderedTemplate"]
    assert "Subject: Hello Ann" in rendered
    assert refused(lambda: v1.test_render_template(TemplateName="welcome", TemplateData="[]"))[0] == "InvalidRenderingParameter"
    assert refused(lambda: v1.test_render_template(TemplateName="none", TemplateData="{}"))[0] == "TemplateDoesNotExist"
    assert refused(lambda: v1.get_template(TemplateName="none"))[0] == "TemplateDoesNotExist"
    v1.delete_template(TemplateName="welcome")
    v1.delete_template(TemplateName="welcome")
    assert [t["Name"] for t in v1.list_templates()["TemplatesMetadata"]] == ["v2"]


def test_configuration_sets_are_sesv2s(server):
    v2, v1 = make_client(server.url), make_client(server.url, service="ses")
    v1.create_configuration_set(ConfigurationSet={"Name": "v1-set"})
    assert v2.get_configuration_set(ConfigurationSetName="v1-set")["SendingOptions"] == {"SendingEnabled": True}
    assert refused(lambda: v1.create_configuration_set(ConfigurationSet={"Name": "v1-set"}))[0] == "ConfigurationSetAlreadyExists"
    assert refused(lambda: v1.create_configuration_set(ConfigurationSet={"Name": "bad name"}))[0] == "InvalidConfigurationSet"
    v2.create_configuration_set(ConfigurationSetName="v2-set", TrackingOptions={"CustomRedirectDomain": "t.example"})
    v2.create_configuration_set_event_destination(ConfigurationSetName="v2-set", EventDestinationName="sns", EventDestination={
        "Enabled": True, "MatchingEventTypes": ["BOUNCE", "RENDERING_FAILURE"],
        "SnsDestination": {"TopicArn": "arn:aws:sns:us-east-1:000000000000:t"}})
    assert [c["Name"] for c in v1.list_configuration_sets()["ConfigurationSets"]] == ["v1-set", "v2-set"]
    described = v1.describe_configuration_set(ConfigurationSetName="v2-set", ConfigurationSetAttributeNames=[
        "eventDestinations", "trackingOptions", "deliveryOptions", "reputationOptions"])
    assert described["ConfigurationSet"] == {"Name": "v2-set"}
    assert described["EventDestinations"] == [{"Name": "sns", "Enabled": True, "MatchingEventTypes": ["bounce", "renderingFailure"],
                                                "SNSDestination": {"TopicARN": "arn:aws:sns:us-east-1:000000000000:t"}}]
    assert described["TrackingOptions"] == {"CustomRedirectDomain": "t.example"}
    assert described["DeliveryOptions"] == {"TlsPolicy": "OPTIONAL"}
    assert described["ReputationOptions"] == {"SendingEnabled": True, "ReputationMetricsEnabled": False}
    assert set(v1.describe_configuration_set(ConfigurationSetName="v1-set")) == {"ConfigurationSet", "ResponseMetadata"}
    v1.update_configuration_set_sending_enabled(ConfigurationSetName="v1-set", Enabled=False)
    v1.update_configuration_set_reputation_metrics_enabled(ConfigurationSetName="v1-set", Enabled=True)
    got = v2.get_configuration_set(ConfigurationSetName="v1-set")
    assert got["SendingOptions"] == {"SendingEnabled": False} and got["ReputationOptions"] == {"ReputationMetricsEnabled": True}
    assert refused(lambda: v1.update_configuration_set_sending_enabled(ConfigurationSetName="none", Enabled=True))[0] == (
        "ConfigurationSetDoesNotExist")
    assert refused(lambda: v1.describe_configuration_set(ConfigurationSetName="none"))[0] == "ConfigurationSetDoesNotExist"
    v1.delete_configuration_set(ConfigurationSetName="v1-set")
    assert refused(lambda: v1.delete_configuration_set(ConfigurationSetName="v1-set"))[0] == "ConfigurationSetDoesNotExist"
    assert [c["Name"] for c in v1.list_configuration_sets()["ConfigurationSets"]] == ["v2-set"]
