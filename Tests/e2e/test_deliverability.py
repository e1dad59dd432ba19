"""The Deliverability dashboard through boto3 (docs/deliverability.md): its subscription, and the
reports it gives once enabled, from the stored events and sent messages: domain statistics,
campaigns, placement test reports and blocklist listings set through the control API.
"""
from __future__ import annotations

import datetime as dt
import json

import pytest

from support import control, make_client, refused


@pytest.fixture
def server(start_server, tmp_path):
    rules = tmp_path / "rules.json"
    rules.write_text(json.dumps({"rules": [{"match": {"recipient": "*@yahoo.com"}, "outcome": "COMPLAINT"},
                                           {"match": {"recipient": "*@gmail.com"}, "outcome": "OPEN"}]}))
    return start_server(["--port", "0", "--outcomes", str(rules)])


@pytest.fixture
def ses(server):
    client = make_client(server.url)
    client.create_email_identity(EmailIdentity="brand.test")
    return client


def send(ses, to, subject="Spring sale"):
    return ses.send_email(FromEmailAddress="news@brand.test", Destination={"ToAddresses": [to]},
                          Content={"Simple": {"Subject": {"Data": subject}, "Body": {"Text": {"Data": "t"}}}})["MessageId"]


def today():
    return dt.datetime.now(dt.timezone.utc).replace(hour=0, minute=0, second=0, microsecond=0)


def test_the_dashboard_subscription_gates_its_reports(ses):
    assert ses.get_deliverability_dashboard_options()["DashboardEnabled"] is False
    code, message = refused(lambda: ses.get_domain_statistics_report(Domain="brand.test", StartDate=today(),
                                                                     EndDate=today() + dt.timedelta(days=1)))
    assert code == "BadRequestException" and "PutDeliverabilityDashboardOption" in message
    assert refused(lambda: ses.put_deliverability_dashboard_option(DashboardEnabled=True, SubscribedDomains=[
        {"Domain": "unknown.test"}]))[0] == "NotFoundException"
    ses.put_deliverability_dashboard_option(DashboardEnabled=True, SubscribedDomains=[
        {"Domain": "brand.test", "InboxPlacementTrackingOption": {"Global": True, "TrackedIsps": ["Gmail"]}}])
    got = ses.get_deliverability_dashboard_options()
    assert got["DashboardEnabled"] is True and got["AccountStatus"] == "ACTIVE" and got["SubscriptionExpiryDate"].day == 1
    [domain] = got["ActiveSubscribedDomains"]
    assert domain["Domain"] == "brand.test" and domain["InboxPlacementTrackingOption"] == {"Global": True, "TrackedIsps": ["Gmail"]}
    ses.put_deliverability_dashboard_option(DashboardEnabled=False)
    assert ses.get_deliverability_dashboard_options()["AccountStatus"] == "DISABLED"


def test_domain_statistics_and_campaigns_come_from_the_sends(server, ses):
    ses.put_deliverability_dashboard_option(DashboardEnabled=True, SubscribedDomains=[{"Domain": "brand.test"}])
    for to in ["a@gmail.com", "b@gmail.com", "c@yahoo.com", "d@hotmail.com"]:
        send(ses, to)
    send(ses, "e@hotmail.com", subject="Newsletter")
    report = ses.get_domain_statistics_report(Domain="brand.test", StartDate=today(), EndDate=today() + dt.timedelta(days=2))
    overall = report["OverallVolume"]
    # 5 deliveries, one complaint (Yahoo): 4 inbox, 1 spam; 2 opens of 5 deliveries.
    assert overall["VolumeStatistics"] == {"InboxRawCount": 4, "SpamRawCount": 1, "ProjectedInbox": 4, "ProjectedSpam": 1}
    assert overall["ReadRatePercent"] == 40.0
    yahoo = next(p for p in overall["DomainIspPlacements"] if p["IspName"] == "Yahoo")
    assert (yahoo["InboxRawCount"], yahoo["SpamRawCount"], yahoo["SpamPercentage"]) == (0, 1, 100.0)
    assert len(report["DailyVolumes"]) == 2 and report["DailyVolumes"][0]["VolumeStatistics"]["InboxRawCount"] == 4
    assert report["DailyVolumes"][1]["VolumeStatistics"]["InboxRawCount"] == 0
    empty = ses.get_domain_statistics_report(Domain="other.test", StartDate=today(), EndDate=today() + dt.timedelta(days=1))
    assert empty["OverallVolume"]["VolumeStatistics"]["InboxRawCount"] == 0

    campaigns = ses.list_domain_deliverability_campaigns(SubscribedDomain="brand.test", StartDate=today(),
                                                         EndDate=today() + dt.timedelta(days=1))["DomainDeliverabilityCampaigns"]
    by_subject = {c["Subject"]: c for c in campaigns}
    assert set(by_subject) == {"Spring sale", "Newsletter"}
    sale = by_subject["Spring sale"]
    assert (sale["FromAddress"], sale["ProjectedVolume"], sale["InboxCount"], sale["SpamCount"]) == ("news@brand.test", 4, 3, 1)
    assert sale["ReadRate"] == 50.0
    got = ses.get_domain_deliverability_campaign(CampaignId=sale["CampaignId"])["DomainDeliverabilityCampaign"]
    assert got["Subject"] == "Spring sale"
    assert refused(lambda: ses.get_domain_deliverability_campaign(CampaignId="nope"))[0] == "NotFoundException"
    assert refused(lambda: ses.list_domain_deliverability_campaigns(SubscribedDomain="other.test", StartDate=today(),
                                                                    EndDate=today() + dt.timedelta(days=1)))[0] == "NotFoundException"


def test_placement_tests_and_blocklist_reports(server, ses):
    ses.put_deliverability_dashboard_option(DashboardEnabled=True)
    created = ses.create_deliverability_test_report(ReportName="launch", FromEmailAddress="news@brand.test", Content={
        "Simple": {"Subject": {"Data": "Launch"}, "Body": {"Html": {"Data": "<p>hi</p>"}}}}, Tags=[{"Key": "k", "Value": "v"}])
    assert created["DeliverabilityTestStatus"] == "COMPLETED"
    report = ses.get_deliverability_test_report(ReportId=created["ReportId"])
    assert report["DeliverabilityTestReport"]["ReportName"] == "launch" and report["DeliverabilityTestReport"]["Subject"] == "Launch"
    assert report["OverallPlacement"]["InboxPercentage"] == 100.0 and report["Message"] == "<p>hi</p>"
    assert {p["IspName"] for p in report["IspPlacements"]} >= {"Gmail", "Yahoo", "Hotmail"}
    assert report["Tags"] == [{"Key": "k", "Value": "v"}]
    assert refused(lambda: ses.create_deliverability_test_report(FromEmailAddress="x@unverified.test", Content={
        "Simple": {"Subject": {"Data": "s"}, "Body": {"Text": {"Data": "t"}}}}))[0] == "MessageRejected"
    assert [r["ReportId"] for r in ses.list_deliverability_test_reports()["DeliverabilityTestReports"]] == [created["ReportId"]]
    assert control(server, "GET", "/_emulator/health").json()["events"] == 0, "a placement test sends nothing"

    assert ses.get_blacklist_reports(BlacklistItemNames=["198.51.100.1"])["BlacklistReport"] == {"198.51.100.1": []}
    body = {"listings": {"198.51.100.1": [{"RblName": "spamhaus", "Description": "listed", "ListingTime": "2026-12-01T00:00:00Z"}]}}
    assert control(server, "PUT", "/_emulator/blacklist-reports", body).status == 200
    got = ses.get_blacklist_reports(BlacklistItemNames=["198.51.100.1", "brand.test"])["BlacklistReport"]
    assert got["brand.test"] == [] and got["198.51.100.1"][0]["RblName"] == "spamhaus"
    assert got["198.51.100.1"][0]["ListingTime"] == dt.datetime(2026, 12, 1, tzinfo=dt.timezone.utc)
    for bad in [{"listings": {"x": [{"Description": "no rbl"}]}}, {"listings": []}, {"x": 1},
                {"listings": {"x": [{"RblName": "r", "ListingTime": "yesterday"}]}}]:
        assert control(server, "PUT", "/_emulator/blacklist-reports", bad).status == 400, bad
    assert control(server, "GET", "/_emulator/blacklist-reports").json()["listings"]["198.51.100.1"][0]["RblName"] == "spamhaus"
