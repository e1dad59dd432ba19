"""Contact lists and contacts through boto3 and the aws CLI (docs/contact-lists.md): the ten
operations with SES's quotas, ListContacts' filters, and SendEmail's ListManagementOptions: an
unsubscribed contact gets no mail (SES's own bounce, counted in no bounce metric).
"""
from __future__ import annotations

import datetime as dt
import json
import urllib.parse

import pytest

from support import control, make_client, refused, run_aws

TOPICS = [{"TopicName": "news", "DisplayName": "News", "Description": "Weekly", "DefaultSubscriptionStatus": "OPT_IN"},
          {"TopicName": "offers", "DisplayName": "Offers", "DefaultSubscriptionStatus": "OPT_OUT"}]


@pytest.fixture
def server(start_server):
    return start_server(["--port", "0"])


@pytest.fixture
def ses(server):
    client = make_client(server.url)
    client.create_email_identity(EmailIdentity="sender.test")
    return client


def test_contact_lists_with_topics_one_an_account(ses, tmp_path):
    before = dt.datetime.now(dt.timezone.utc) - dt.timedelta(seconds=1)
    ses.create_contact_list(ContactListName="customers", Topics=TOPICS, Description="All of them",
                            Tags=[{"Key": "team", "Value": "crm"}])
    got = ses.get_contact_list(ContactListName="customers")
    assert got["ContactListName"] == "customers" and got["Topics"] == TOPICS and got["Description"] == "All of them"
    assert got["Tags"] == [{"Key": "team", "Value": "crm"}] and got["CreatedTimestamp"] >= before
    assert got["LastUpdatedTimestamp"] >= got["CreatedTimestamp"]
    listed = ses.list_contact_lists()["ContactLists"]
    assert [l["ContactListName"] for l in listed] == ["customers"] and "LastUpdatedTimestamp" in listed[0]

    assert refused(lambda: ses.create_contact_list(ContactListName="customers"))[0] == "AlreadyExistsException"
    assert refused(lambda: ses.create_contact_list(ContactListName="second"))[0] == "LimitExceededException"
    ses.update_contact_list(ContactListName="customers", Topics=TOPICS[:1])
    got = ses.get_contact_list(ContactListName="customers")
    assert got["Topics"] == TOPICS[:1] and got["Description"] == "All of them"
    assert refused(lambda: ses.update_contact_list(ContactListName="none", Description="x"))[0] == "NotFoundException"
    assert refused(lambda: ses.get_contact_list(ContactListName="none")) == ("NotFoundException", "Contact list none does not exist.")
    arn = "arn:aws:ses:us-east-1:000000000000:contact-list/customers"
    ses.tag_resource(ResourceArn=arn, Tags=[{"Key": "env", "Value": "test"}])
    assert ses.list_tags_for_resource(ResourceArn=arn)["Tags"] == [{"Key": "team", "Value": "crm"}, {"Key": "env", "Value": "test"}]

    ses.delete_contact_list(ContactListName="customers")
    assert refused(lambda: ses.delete_contact_list(ContactListName="customers"))[0] == "NotFoundException"
    ses.create_contact_list(ContactListName="second")
    many = [{"TopicName": f"t{i}", "DisplayName": "T", "DefaultSubscriptionStatus": "OPT_IN"} for i in range(21)]
    assert refused(lambda: ses.update_contact_list(ContactListName="second", Topics=many))[0] == "LimitExceededException"
    code, message = refused(lambda: ses.update_contact_list(ContactListName="second", Topics=TOPICS + TOPICS[:1]))
    assert code == "BadRequestException" and "more than once" in message
    code, message = refused(lambda: ses.update_contact_list(ContactListName="second", Topics=[
        {"TopicName": "news", "DisplayName": "News", "DefaultSubscriptionStatus": "MAYBE"}]))
    assert code == "BadRequestException" and "defaultSubscriptionStatus" in message

    out = run_aws(["sesv2", "get-contact-list", "--contact-list-name", "second", "--endpoint-url", ses.meta.endpoint_url],
                  tmp_path, {"AWS_DEFAULT_REGION": "us-east-1"})
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["ContactListName"] == "second"


def test_contacts_their_preferences_and_the_filters(ses):
    ses.create_contact_list(ContactListName="customers", Topics=TOPICS)
    ses.create_contact(ContactListName="customers", EmailAddress="Ann@example.com", AttributesData='{"name":"Ann"}',
                       TopicPreferences=[{"TopicName": "offers", "SubscriptionStatus": "OPT_IN"}])
    ses.create_contact(ContactListName="customers", EmailAddress="bob@example.com",
                       TopicPreferences=[{"TopicName": "news", "SubscriptionStatus": "OPT_OUT"}])
    ses.create_contact(ContactListName="customers", EmailAddress="cy@example.com")
    ses.create_contact(ContactListName="customers", EmailAddress="dee@example.com", UnsubscribeAll=True)
    got = ses.get_contact(ContactListName="customers", EmailAddress="ann@example.com")
    assert got["EmailAddress"] == "Ann@example.com" and got["ContactListName"] == "customers"
    assert got["TopicPreferences"] == [{"TopicName": "offers", "SubscriptionStatus": "OPT_IN"}]
    assert got["TopicDefaultPreferences"] == [{"TopicName": "news", "SubscriptionStatus": "OPT_IN"},
                                              {"TopicName": "offers", "SubscriptionStatus": "OPT_OUT"}]
    assert got["UnsubscribeAll"] is False and got["AttributesData"] == '{"name":"Ann"}' and "CreatedTimestamp" in got

    assert refused(lambda: ses.create_contact(ContactListName="customers", EmailAddress="ANN@example.com"))[0] == (
        "AlreadyExistsException")
    assert refused(lambda: ses.create_contact(ContactListName="none", EmailAddress="x@example.com")) == (
        "NotFoundException", "Contact list none does not exist.")
    assert refused(lambda: ses.create_contact(ContactListName="customers", EmailAddress="x@example.com", TopicPreferences=[
        {"TopicName": "sports", "SubscriptionStatus": "OPT_IN"}])) == (
        "NotFoundException", "Topic sports does not exist in contact list customers.")
    assert refused(lambda: ses.create_contact(ContactListName="customers", EmailAddress="nobody"))[0] == "BadRequestException"
    assert refused(lambda: ses.get_contact(ContactListName="customers", EmailAddress="zed@example.com")) == (
        "NotFoundException", "Contact zed@example.com does not exist in contact list customers.")

    def names(**filter):
        return [c["EmailAddress"] for c in ses.list_contacts(ContactListName="customers", **filter)["Contacts"]]

    assert names() == ["Ann@example.com", "bob@example.com", "cy@example.com", "dee@example.com"]
    news = {"TopicName": "news", "UseDefaultIfPreferenceUnavailable": True}
    assert names(Filter={"FilteredStatus": "OPT_IN", "TopicFilter": news}) == ["Ann@example.com", "cy@example.com", "dee@example.com"]
    assert names(Filter={"FilteredStatus": "OPT_OUT", "TopicFilter": {"TopicName": "news"}}) == ["bob@example.com"]
    assert names(Filter={"FilteredStatus": "OPT_IN", "TopicFilter": {"TopicName": "offers"}}) == ["Ann@example.com"]
    assert names(Filter={"FilteredStatus": "OPT_OUT"}) == ["bob@example.com", "cy@example.com", "dee@example.com"]
    first = ses.list_contacts(ContactListName="customers", PageSize=3)
    assert len(first["Contacts"]) == 3 and first["Contacts"][0]["TopicDefaultPreferences"][0]["TopicName"] == "news"
    rest = ses.list_contacts(ContactListName="customers", PageSize=3, NextToken=first["NextToken"])
    assert [c["EmailAddress"] for c in rest["Contacts"]] == ["dee@example.com"] and "NextToken" not in rest
    assert refused(lambda: ses.list_contacts(ContactListName="customers", Filter={
        "FilteredStatus": "OPT_IN", "TopicFilter": {"TopicName": "sports"}}))[0] == "NotFoundException"

    ses.update_contact(ContactListName="customers", EmailAddress="bob@example.com", UnsubscribeAll=True)
    got = ses.get_contact(ContactListName="customers", EmailAddress="bob@example.com")
    assert got["UnsubscribeAll"] is True and got["TopicPreferences"] == [{"TopicName": "news", "SubscriptionStatus": "OPT_OUT"}]
    assert got["LastUpdatedTimestamp"] >= got["CreatedTimestamp"]
    assert refused(lambda: ses.update_contact(ContactListName="customers", EmailAddress="zed@example.com",
                                              UnsubscribeAll=True))[0] == "NotFoundException"
    ses.delete_contact(ContactListName="customers", EmailAddress="CY@example.com")
    assert refused(lambda: ses.delete_contact(ContactListName="customers", EmailAddress="cy@example.com"))[0] == "NotFoundException"
    assert len(names()) == 3
    # The list's contacts go with it.
    ses.delete_contact_list(ContactListName="customers")
    ses.create_contact_list(ContactListName="customers")
    assert names() == []


def event_types(server, message_id: str) -> list[str]:
    response = control(server, "GET", "/_emulator/events?messageId=" + urllib.parse.quote(message_id))
    return [e["type"] for e in response.json()["events"]]


def test_list_management_withholds_mail_from_unsubscribed_contacts(server, ses):
    ses.create_contact_list(ContactListName="customers", Topics=TOPICS)
    ses.create_contact(ContactListName="customers", EmailAddress="in@gmail.com")
    ses.create_contact(ContactListName="customers", EmailAddress="out@gmail.com", UnsubscribeAll=True)
    ses.create_contact(ContactListName="customers", EmailAddress="nonews@gmail.com",
                       TopicPreferences=[{"TopicName": "news", "SubscriptionStatus": "OPT_OUT"}])

    def send(to, topic=None, list_name="customers"):
        options = {"ContactListName": list_name, **({"TopicName": topic} if topic else {})}
        return ses.send_email(FromEmailAddress="a@sender.test", Destination={"ToAddresses": [to]}, ListManagementOptions=options,
                              Content={"Simple": {"Subject": {"Data": "s"}, "Body": {"Text": {"Data": "t"}}}})["MessageId"]

    assert event_types(server, send("in@gmail.com", "news")) == ["SEND", "DELIVERY"]
    assert event_types(server, send("out@gmail.com")) == ["SEND", "PERMANENT_BOUNCE"]
    assert event_types(server, send("nonews@gmail.com", "news")) == ["SEND", "PERMANENT_BOUNCE"]
    assert event_types(server, send("nonews@gmail.com")) == ["SEND", "DELIVERY"]
    # A contact with no preference gets the topic's default: offers is OPT_OUT.
    assert event_types(server, send("in@gmail.com", "offers")) == ["SEND", "PERMANENT_BOUNCE"]
    # An address that is no contact of the list gets the mail.
    assert event_types(server, send("stranger@gmail.com", "offers")) == ["SEND", "DELIVERY"]
    assert refused(lambda: send("in@gmail.com", list_name="none")) == ("NotFoundException", "Contact list none does not exist.")
    assert refused(lambda: send("in@gmail.com", "sports"))[0] == "NotFoundException"
    # Withheld mail counts as sent, not as a bounce, and lists nobody on the suppression list.
    today = dt.datetime.now(dt.timezone.utc).replace(hour=0, minute=0, second=0, microsecond=0)
    queries = [{"Id": m.lower(), "Namespace": "VDM", "Metric": m, "StartDate": today, "EndDate": today + dt.timedelta(days=2)}
               for m in ["SEND", "DELIVERY", "PERMANENT_BOUNCE"]]
    sums = {r["Id"]: sum(r["Values"]) for r in ses.batch_get_metric_data(Queries=queries)["Results"]}
    assert sums == {"send": 6, "delivery": 3, "permanent_bounce": 0}
    assert ses.list_suppressed_destinations()["SuppressedDestinationSummaries"] == []
