"""Reads over stored events and identity certificates through boto3 (docs/insights.md):
GetMessageInsights from a message's events, GetEmailAddressInsights from an address's form, and
the certificate operations of an identity.
"""
from __future__ import annotations

import datetime as dt
import json

import pytest

from support import control, make_client, refused

CERT = "arn:aws:acm:us-east-1:123456789012:certificate/abc-123"


@pytest.fixture
def server(start_server, tmp_path):
    rules = tmp_path / "rules.json"
    rules.write_text(json.dumps({"rules": [{"match": {"recipient": "*@bounce.test"}, "outcome": "PERMANENT_BOUNCE"},
                                           {"match": {"recipient": "*@yahoo.com"}, "outcome": "COMPLAINT"}]}))
    return start_server(["--port", "0", "--outcomes", str(rules)])


@pytest.fixture
def ses(server):
    client = make_client(server.url)
    client.create_email_identity(EmailIdentity="sender.test")
    return client


def send(ses, to: str) -> str:
    return ses.send_email(FromEmailAddress="a@sender.test", Destination={"ToAddresses": [to]},
                          Content={"Simple": {"Subject": {"Data": "Order 7"}, "Body": {"Text": {"Data": "t"}}}})["MessageId"]


def test_message_insights_show_a_messages_events(server, ses):
    message_id = send(ses, "ann@yahoo.com")
    got = ses.get_message_insights(MessageId=message_id)
    assert (got["MessageId"], got["FromEmailAddress"], got["Subject"]) == (message_id, "a@sender.test", "Order 7")
    [insight] = got["Insights"]
    assert (insight["Destination"], insight["Isp"]) == ("ann@yahoo.com", "Yahoo")
    assert [e["Type"] for e in insight["Events"]] == ["SEND", "DELIVERY", "COMPLAINT"]
    assert insight["Events"][2]["Details"]["Complaint"]["ComplaintFeedbackType"] == "abuse"
    assert all(isinstance(e["Timestamp"], dt.datetime) for e in insight["Events"])
    bounce = ses.get_message_insights(MessageId=send(ses, "x@bounce.test"))["Insights"][0]["Events"][1]
    assert bounce["Type"] == "BOUNCE" and bounce["Details"]["Bounce"]["BounceType"] == "PERMANENT"
    listed = ses.get_message_insights(MessageId=send(ses, "x@bounce.test"))["Insights"][0]["Events"][1]
    assert listed["Details"]["Bounce"]["BounceSubType"] == "OnAccountSuppressionList"
    # Ingested events have insights too, without the message's sender.
    now = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    body = "\n".join(json.dumps({"type": t, "timestamp": now, "emailIdentity": "x.test", "isp": "Gmail", "messageId": "ingested-1",
                                 "eventId": f"ingested-1-{i}"}) for i, t in enumerate(["SEND", "DELIVERY", "OPEN"]))
    assert control(server, "POST", "/_emulator/events", body, content_type="application/x-ndjson").status == 200
    got = ses.get_message_insights(MessageId="ingested-1")
    assert "FromEmailAddress" not in got and [e["Type"] for e in got["Insights"][0]["Events"]] == ["SEND", "DELIVERY", "OPEN"]
    assert refused(lambda: ses.get_message_insights(MessageId="nope")) == ("NotFoundException", "Message nope does not exist.")
    ses.put_account_vdm_attributes(VdmAttributes={"VdmEnabled": "DISABLED"})
    assert refused(lambda: ses.get_message_insights(MessageId=message_id)) == (
        "NotFoundException", "To use this feature you must enable Virtual Deliverability Manager")


@pytest.mark.parametrize("address,valid,checks", [
    ("ann@gmail.com", "HIGH", {"HasValidSyntax": "HIGH", "HasValidDnsRecords": "HIGH", "IsRoleAddress": "LOW"}),
    ("support@example.org", "HIGH", {"IsRoleAddress": "HIGH"}),
    ("x@mailinator.com", "LOW", {"IsDisposable": "HIGH"}),
    ("nobody@host.invalid", "LOW", {"HasValidDnsRecords": "LOW", "MailboxExists": "LOW"}),
    ("bounce@simulator.amazonses.com", "LOW", {"HasValidDnsRecords": "HIGH", "MailboxExists": "LOW"}),
    ("not an address", "LOW", {"HasValidSyntax": "LOW"}),
])
def test_email_address_insights(ses, address, valid, checks):
    got = ses.get_email_address_insights(EmailAddress=address)["MailboxValidation"]
    assert got["IsValid"]["ConfidenceVerdict"] == valid
    for name, verdict in checks.items():
        assert got["Evaluations"][name]["ConfidenceVerdict"] == verdict, name


def test_identity_certificates(ses):
    if not hasattr(ses, "associate_email_identity_certificate"):
        pytest.skip("this SDK's model predates the certificate operations")
    ses.associate_email_identity_certificate(EmailIdentity="sender.test", CertificateArn=CERT)
    ses.associate_email_identity_certificate(EmailIdentity="sender.test", FromAddress="billing@sender.test", CertificateArn=CERT + "b")
    certificates = ses.list_email_identity_certificates(EmailIdentity="sender.test")["Certificates"]
    assert certificates == [{"CertificateArn": CERT, "Status": "ACTIVE"},
                            {"FromAddress": "billing@sender.test", "CertificateArn": CERT + "b", "Status": "ACTIVE"}]
    page = ses.list_email_identity_certificates(EmailIdentity="sender.test", PageSize=1)
    assert len(page["Certificates"]) == 1
    assert ses.list_email_identity_certificates(EmailIdentity="sender.test", PageSize=1, NextToken=page["NextToken"])[
        "Certificates"][0]["FromAddress"] == "billing@sender.test"
    assert refused(lambda: ses.associate_email_identity_certificate(EmailIdentity="sender.test", CertificateArn=CERT))[0] == (
        "AlreadyExistsException")
    assert refused(lambda: ses.associate_email_identity_certificate(EmailIdentity="sender.test", FromAddress="a@other.test",
                                                                    CertificateArn=CERT))[0] == "BadRequestException"
    assert refused(lambda: ses.associate_email_identity_certificate(EmailIdentity="sender.test", FromAddress="c@sender.test",
                                                                    CertificateArn="arn:aws:acm:us-east-1:1:thing/x"))[0] == (
        "BadRequestException")
    assert refused(lambda: ses.associate_email_identity_certificate(EmailIdentity="none.test", CertificateArn=CERT))[0] == (
        "NotFoundException")
    ses.disassociate_email_identity_certificate(EmailIdentity="sender.test", FromAddress="BILLING@sender.test")
    assert refused(lambda: ses.disassociate_email_identity_certificate(EmailIdentity="sender.test",
                                                                       FromAddress="billing@sender.test"))[0] == "NotFoundException"
    ses.disassociate_email_identity_certificate(EmailIdentity="sender.test")
    assert ses.list_email_identity_certificates(EmailIdentity="sender.test")["Certificates"] == []
