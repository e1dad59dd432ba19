"""The account-level suppression list through boto3 and the aws CLI (docs/suppression.md): its four
operations, the addresses hard bounces and complaints put on it for the account's or the configuration
set's reasons, and a send to a listed address: accepted, bounced by the list, counted in no bounce metric.
"""
from __future__ import annotations

import datetime as dt
import json
import urllib.parse

import pytest
from botocore.exceptions import ClientError

from support import control, make_client, refused, run_aws

RULES = {"rules": [{"match": {"recipient": "*@bounce.test"}, "outcome": "PERMANENT_BOUNCE"},
                   {"match": {"recipient": "*@soft.test"}, "outcome": "TRANSIENT_BOUNCE"},
                   {"match": {"recipient": "*@complain.test"}, "outcome": "COMPLAINT"}]}


@pytest.fixture
def server(start_server, tmp_path):
    rules = tmp_path / "rules.json"
    rules.write_text(json.dumps(RULES))
    return start_server(["--port", "0", "--outcomes", str(rules)])


@pytest.fixture
def ses(server):
    client = make_client(server.url)
    client.create_email_identity(EmailIdentity="sender.test")
    return client


def send(ses, to: str, configuration_set: str | None = None) -> str:
    extra = {"ConfigurationSetName": configuration_set} if configuration_set else {}
    return ses.send_email(FromEmailAddress="a@sender.test", Destination={"ToAddresses": [to]},
                          Content={"Simple": {"Subject": {"Data": "s"}, "Body": {"Text": {"Data": "t"}}}}, **extra)["MessageId"]


def events(server, message_id: str) -> list[dict]:
    response = control(server, "GET", "/_emulator/events?messageId=" + urllib.parse.quote(message_id))
    assert response.status == 200, response.body
    return response.json()["events"]


def listed(ses, address: str) -> dict | None:
    try:
        return ses.get_suppressed_destination(EmailAddress=address)["SuppressedDestination"]
    except ClientError as error:
        assert error.response["Error"]["Code"] == "NotFoundException"
        return None


def test_put_get_list_delete(ses, tmp_path):
    before = dt.datetime.now(dt.timezone.utc) - dt.timedelta(seconds=1)
    ses.put_suppressed_destination(EmailAddress="Ann@Example.com", Reason="BOUNCE")
    ses.put_suppressed_destination(EmailAddress="bob@example.com", Reason="COMPLAINT")
    got = ses.get_suppressed_destination(EmailAddress="ann@example.com")["SuppressedDestination"]
    assert (got["EmailAddress"], got["Reason"]) == ("Ann@Example.com", "BOUNCE")
    assert before <= got["LastUpdateTime"] <= dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=1)
    assert "Attributes" not in got
    # Put again: the entry is replaced.
    ses.put_suppressed_destination(EmailAddress="ann@example.com", Reason="COMPLAINT")
    assert ses.get_suppressed_destination(EmailAddress="ANN@example.com")["SuppressedDestination"]["Reason"] == "COMPLAINT"

    for i in range(5):
        ses.put_suppressed_destination(EmailAddress=f"c{i}@example.com", Reason="BOUNCE")
    everything = ses.list_suppressed_destinations()["SuppressedDestinationSummaries"]
    assert [s["EmailAddress"] for s in everything] == ["ann@example.com", "bob@example.com"] + [f"c{i}@example.com" for i in range(5)]
    assert set(everything[0]) == {"EmailAddress", "Reason", "LastUpdateTime"}
    assert [s["EmailAddress"] for s in ses.list_suppressed_destinations(Reasons=["COMPLAINT"])["SuppressedDestinationSummaries"]] == [
        "ann@example.com", "bob@example.com"]
    later = dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=1)
    assert ses.list_suppressed_destinations(StartDate=later)["SuppressedDestinationSummaries"] == []
    assert len(ses.list_suppressed_destinations(StartDate=before, EndDate=later)["SuppressedDestinationSummaries"]) == 7
    assert ses.list_suppressed_destinations(EndDate=before)["SuppressedDestinationSummaries"] == []
    pages, token = [], None
    while True:
        page = ses.list_suppressed_destinations(PageSize=3, **({"NextToken": token} if token else {}))
        pages.append([s["EmailAddress"] for s in page["SuppressedDestinationSummaries"]])
        token = page.get("NextToken")
        if not token:
            break
    assert [len(p) for p in pages] == [3, 3, 1] and sum(pages, []) == [s["EmailAddress"] for s in everything]
    code, message = refused(lambda: ses.list_suppressed_destinations(StartDate=later, EndDate=before))
    assert code == "BadRequestException" and "start date" in message

    ses.delete_suppressed_destination(EmailAddress="BOB@example.com")
    assert refused(lambda: ses.get_suppressed_destination(EmailAddress="bob@example.com")) == (
        "NotFoundException", "Email address bob@example.com does not exist on your suppression list.")
    assert refused(lambda: ses.delete_suppressed_destination(EmailAddress="bob@example.com"))[0] == "NotFoundException"
    code, message = refused(lambda: ses.put_suppressed_destination(EmailAddress="x@y.z", Reason="SPAM"))
    assert code == "BadRequestException" and "reason" in message
    assert refused(lambda: ses.put_suppressed_destination(EmailAddress="not-an-address", Reason="BOUNCE")) == (
        "BadRequestException", "Illegal address: not-an-address")
    assert refused(lambda: ses.put_suppressed_destination(EmailAddress="x@y.z", Reason="BOUNCE", TenantName="acme"))[0] == (
        "NotFoundException")

    out = run_aws(["sesv2", "list-suppressed-destinations", "--reasons", "BOUNCE", "--endpoint-url", ses.meta.endpoint_url],
                  tmp_path, {"AWS_DEFAULT_REGION": "us-east-1"})
    assert out.returncode == 0, out.stderr
    assert [s["EmailAddress"] for s in json.loads(out.stdout)["SuppressedDestinationSummaries"]] == [f"c{i}@example.com" for i in range(5)]


def metric_sums(ses, dims: dict | None = None) -> dict[str, int]:
    today = dt.datetime.now(dt.timezone.utc).replace(hour=0, minute=0, second=0, microsecond=0)
    queries = [{"Id": m.lower(), "Namespace": "VDM", "Metric": m, "StartDate": today, "EndDate": today + dt.timedelta(days=2),
                **({"Dimensions": dims} if dims else {})} for m in ["SEND", "DELIVERY", "PERMANENT_BOUNCE", "COMPLAINT"]]
    return {r["Id"]: sum(r["Values"]) for r in ses.batch_get_metric_data(Queries=queries)["Results"]}


def test_a_send_to_a_listed_address_is_accepted_bounced_by_the_list_and_counted_only_as_a_send(server, ses):
    ses.put_suppressed_destination(EmailAddress="gone@gmail.com", Reason="BOUNCE")
    message_id = send(ses, "Gone@gmail.com")
    got = events(server, message_id)
    assert [e["type"] for e in got] == ["SEND", "PERMANENT_BOUNCE"]
    assert got[1]["suppressionList"] is True and got[0]["suppressionList"] is False
    bulk = ses.send_bulk_email(
        FromEmailAddress="a@sender.test",
        DefaultContent={"Template": {"TemplateContent": {"Subject": "s", "Text": "t"}, "TemplateData": "{}"}},
        BulkEmailEntries=[{"Destination": {"ToAddresses": ["gone@gmail.com"]}},
                          {"Destination": {"ToAddresses": ["here@gmail.com"]}}])["BulkEmailEntryResults"]
    assert [r["Status"] for r in bulk] == ["SUCCESS", "SUCCESS"]
    assert [e["type"] for e in events(server, bulk[0]["MessageId"])] == ["SEND", "PERMANENT_BOUNCE"]
    assert [e["type"] for e in events(server, bulk[1]["MessageId"])] == ["SEND", "DELIVERY"]
    # The list's bounces count in no bounce metric; the sends count.
    assert metric_sums(ses) == {"send": 3, "delivery": 1, "permanent_bounce": 0, "complaint": 0}


def test_hard_bounces_and_complaints_list_their_recipient_for_the_accounts_reasons(server, ses):
    bounce_id = send(ses, "x@bounce.test")
    entry = listed(ses, "x@bounce.test")
    assert entry["Reason"] == "BOUNCE" and entry["Attributes"]["MessageId"] == bounce_id and entry["Attributes"]["FeedbackId"]
    complaint_id = send(ses, "y@complain.test")
    entry = listed(ses, "y@complain.test")
    assert entry["Reason"] == "COMPLAINT" and entry["Attributes"]["MessageId"] == complaint_id
    # Soft bounces and the mailbox simulator's bounce list nobody.
    send(ses, "z@soft.test")
    send(ses, "bounce@simulator.amazonses.com")
    assert listed(ses, "z@soft.test") is None and listed(ses, "bounce@simulator.amazonses.com") is None
    # The next send to a listed address is the list's bounce: the metric counts the first bounce only.
    assert [e["type"] for e in events(server, send(ses, "x@bounce.test"))] == ["SEND", "PERMANENT_BOUNCE"]
    sums = metric_sums(ses, {"ISP": "Other"})
    assert (sums["send"], sums["permanent_bounce"], sums["complaint"]) == (4, 1, 1)

    ses.put_account_suppression_attributes(SuppressedReasons=["COMPLAINT"])
    send(ses, "b2@bounce.test")
    send(ses, "c2@complain.test")
    assert listed(ses, "b2@bounce.test") is None and listed(ses, "c2@complain.test")["Reason"] == "COMPLAINT"
    ses.put_account_suppression_attributes(SuppressedReasons=[])
    send(ses, "c3@complain.test")
    assert listed(ses, "c3@complain.test") is None


def test_a_configuration_sets_suppression_options_override_the_accounts(server, ses):
    ses.create_configuration_set(ConfigurationSetName="none", SuppressionOptions={"SuppressedReasons": []})
    ses.create_configuration_set(ConfigurationSetName="bounces")
    ses.put_configuration_set_suppression_options(ConfigurationSetName="bounces", SuppressedReasons=["BOUNCE"])
    ses.create_configuration_set(ConfigurationSetName="plain")
    send(ses, "a@bounce.test", "none")
    send(ses, "a@complain.test", "none")
    assert listed(ses, "a@bounce.test") is None and listed(ses, "a@complain.test") is None
    send(ses, "b@bounce.test", "bounces")
    send(ses, "b@complain.test", "bounces")
    assert listed(ses, "b@bounce.test")["Reason"] == "BOUNCE" and listed(ses, "b@complain.test") is None
    send(ses, "c@complain.test", "plain")
    assert listed(ses, "c@complain.test")["Reason"] == "COMPLAINT"
    # The list itself is the account's: a listed address bounces through any set.
    assert [e["type"] for e in events(server, send(ses, "b@bounce.test", "none"))] == ["SEND", "PERMANENT_BOUNCE"]


def test_the_list_survives_a_restart_and_goes_with_a_reset(start_server, tmp_path):
    database = tmp_path / "db.sqlite"
    rules = tmp_path / "rules.json"
    rules.write_text(json.dumps(RULES))
    server = start_server(["--port", "0", "--database", str(database), "--outcomes", str(rules)])
    ses = make_client(server.url)
    ses.create_email_identity(EmailIdentity="sender.test")
    send(ses, "x@bounce.test")
    server.stop()
    server = start_server(["--port", "0", "--database", str(database)])
    ses = make_client(server.url)
    assert listed(ses, "x@bounce.test")["Reason"] == "BOUNCE"
    assert control(server, "POST", "/_emulator/reset?confirm=true").status == 200
    assert ses.list_suppressed_destinations()["SuppressedDestinationSummaries"] == []


def test_a_long_list_pages_with_a_filter_across_the_stores_chunks(ses):
    """A page is read from the store a chunk (256) at a time; a filter that skips most entries still
    fills each page and the pages join up to the filtered list in order."""
    for i in range(700):
        ses.put_suppressed_destination(EmailAddress=f"u{i:04d}@example.com", Reason="COMPLAINT" if i % 7 == 0 else "BOUNCE")
    want = [f"u{i:04d}@example.com" for i in range(700) if i % 7 == 0]
    pages, token = [], None
    while True:
        page = ses.list_suppressed_destinations(Reasons=["COMPLAINT"], PageSize=30, **({"NextToken": token} if token else {}))
        pages.append([s["EmailAddress"] for s in page["SuppressedDestinationSummaries"]])
        token = page.get("NextToken")
        if not token:
            break
    assert [len(p) for p in pages] == [30, 30, 30, 10] and sum(pages, []) == want
    every = ses.list_suppressed_destinations(PageSize=1000)
    assert len(every["SuppressedDestinationSummaries"]) == 700 and "NextToken" not in every
    last = ses.list_suppressed_destinations(PageSize=100, NextToken="u0599@example.com")
    assert [s["EmailAddress"] for s in last["SuppressedDestinationSummaries"]][:2] == ["u0600@example.com", "u0601@example.com"]
    assert "NextToken" not in last
