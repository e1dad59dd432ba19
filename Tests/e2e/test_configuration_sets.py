"""Configuration sets beyond create/get/delete, through boto3 and the aws CLI (docs/configuration-sets.md):
the Put*Options operations and UpdateConfigurationSet, event destinations as resources, dedicated IP
pools, tags by ARN, and the effects AWS gives them: sending disabled refuses sends, a SendingPoolName
must exist, open and click tracking follow the VDM options and OPEN/CLICK event destinations.
"""
from __future__ import annotations

import datetime as dt
import json
import urllib.parse

import pytest

from support import control, make_client, refused, run_aws

ARN = "arn:aws:ses:us-east-1:000000000000:{}/{}"
SNS = {"SnsDestination": {"TopicArn": "arn:aws:sns:us-east-1:000000000000:ses-events"}}


def simple():
    return {"Simple": {"Subject": {"Data": "s"}, "Body": {"Text": {"Data": "t"}}}}


@pytest.fixture
def server(start_server, tmp_path):
    rules = tmp_path / "rules.json"
    rules.write_text(json.dumps({"rules": [{"match": {"recipient": "*@click.test"}, "outcome": "CLICK"}]}))
    now = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    seed = tmp_path / "seed.ndjson"
    seed.write_text(json.dumps({"type": "SEND", "timestamp": now, "emailIdentity": "seeded.example",
                                "configurationSet": "seeded-set", "isp": "Gmail"}) + "\n")
    return start_server(["--port", "0", "--outcomes", str(rules), "--seed-data", str(seed)])


@pytest.fixture
def ses(server):
    client = make_client(server.url)
    client.create_email_identity(EmailIdentity="sender.test")
    return client


def aws(args: list[str], endpoint: str, tmp_path):
    return run_aws(["sesv2", *args, "--endpoint-url", endpoint], tmp_path, {"AWS_DEFAULT_REGION": "us-east-1"})


def event_types(server, message_id: str) -> list[str]:
    response = control(server, "GET", "/_emulator/events?messageId=" + urllib.parse.quote(message_id))
    assert response.status == 200, response.body
    return [e["type"] for e in response.json()["events"]]


def send(ses, configuration_set: str | None = None, to: str = "a@click.test") -> str:
    extra = {"ConfigurationSetName": configuration_set} if configuration_set else {}
    return ses.send_email(FromEmailAddress="a@sender.test", Destination={"ToAddresses": [to]}, Content=simple(),
                          **extra)["MessageId"]


def test_put_options_replace_each_member_and_get_reports_them(ses):
    ses.create_configuration_set(ConfigurationSetName="cs", TrackingOptions={"CustomRedirectDomain": "old.example"},
                                 Tags=[{"Key": "team", "Value": "a"}])
    ses.put_configuration_set_tracking_options(ConfigurationSetName="cs", CustomRedirectDomain="t.example",
                                               HttpsPolicy="REQUIRE")
    ses.put_configuration_set_delivery_options(ConfigurationSetName="cs", TlsPolicy="REQUIRE", MaxDeliverySeconds=900)
    ses.put_configuration_set_reputation_options(ConfigurationSetName="cs", ReputationMetricsEnabled=True)
    ses.put_configuration_set_sending_options(ConfigurationSetName="cs", SendingEnabled=True)
    ses.put_configuration_set_suppression_options(ConfigurationSetName="cs", SuppressedReasons=["COMPLAINT"])
    ses.put_configuration_set_vdm_options(ConfigurationSetName="cs", VdmOptions={
        "DashboardOptions": {"EngagementMetrics": "DISABLED"}, "GuardianOptions": {"OptimizedSharedDelivery": "ENABLED"}})
    archive = "arn:aws:ses:us-east-1:000000000000:mailmanager-archive/a-1234"
    ses.put_configuration_set_archiving_options(ConfigurationSetName="cs", ArchiveArn=archive)
    ses.update_configuration_set(ConfigurationSetName="cs", MessageSecurityOptions={"SigningScheme": {"SmimeScheme": {"SignatureFormat": "DETACHED"}}})
    got = ses.get_configuration_set(ConfigurationSetName="cs")
    assert got["TrackingOptions"] == {"CustomRedirectDomain": "t.example", "HttpsPolicy": "REQUIRE"}
    assert got["DeliveryOptions"] == {"TlsPolicy": "REQUIRE", "MaxDeliverySeconds": 900}
    assert got["ReputationOptions"] == {"ReputationMetricsEnabled": True}
    assert got["SuppressionOptions"] == {"SuppressedReasons": ["COMPLAINT"]}
    assert got["VdmOptions"] == {"DashboardOptions": {"EngagementMetrics": "DISABLED"},
                                 "GuardianOptions": {"OptimizedSharedDelivery": "ENABLED"}}
    assert got["ArchivingOptions"] == {"ArchiveArn": archive}
    assert got["MessageSecurityOptions"] == {"SigningScheme": {"SmimeScheme": {"SignatureFormat": "DETACHED"}}}
    assert got["Tags"] == [{"Key": "team", "Value": "a"}]
    # A Put replaces its member as a whole.
    ses.put_configuration_set_tracking_options(ConfigurationSetName="cs", CustomRedirectDomain="n.example")
    assert ses.get_configuration_set(ConfigurationSetName="cs")["TrackingOptions"] == {"CustomRedirectDomain": "n.example"}

    assert refused(lambda: ses.put_configuration_set_sending_options(ConfigurationSetName="nope", SendingEnabled=False)) == (
        "NotFoundException", "Configuration set nope does not exist.")
    code, message = refused(lambda: ses.put_configuration_set_tracking_options(ConfigurationSetName="cs", HttpsPolicy="SOMETIMES"))
    assert code == "BadRequestException" and "httpsPolicy" in message


def test_a_set_known_from_events_takes_options_and_becomes_created(ses):
    ses.put_configuration_set_sending_options(ConfigurationSetName="seeded-set", SendingEnabled=False)
    got = ses.get_configuration_set(ConfigurationSetName="seeded-set")
    assert got["SendingOptions"] == {"SendingEnabled": False} and got["DeliveryOptions"] == {"TlsPolicy": "OPTIONAL"}
    assert ses.list_configuration_sets()["ConfigurationSets"] == ["seeded-set"]
    # Created now: deleting it is allowed, and it is known from its events again.
    ses.delete_configuration_set(ConfigurationSetName="seeded-set")
    assert ses.get_configuration_set(ConfigurationSetName="seeded-set")["SendingOptions"] == {"SendingEnabled": True}
    # Creating a set the events name makes it a real one, as for identities.
    ses.create_configuration_set(ConfigurationSetName="seeded-set", ReputationOptions={"ReputationMetricsEnabled": True})
    assert ses.get_configuration_set(ConfigurationSetName="seeded-set")["ReputationOptions"] == {"ReputationMetricsEnabled": True}
    assert refused(lambda: ses.create_configuration_set(ConfigurationSetName="seeded-set"))[0] == "AlreadyExistsException"


def test_sending_disabled_on_a_set_refuses_sends_through_it_and_stores_nothing(server, ses):
    ses.create_configuration_set(ConfigurationSetName="paused")
    ses.put_configuration_set_sending_options(ConfigurationSetName="paused", SendingEnabled=False)
    before = control(server, "GET", "/_emulator/health").json()["events"]
    code, message = refused(lambda: send(ses, "paused"))
    assert code == "SendingPausedException" and "paused" in message
    code, _ = refused(lambda: ses.send_bulk_email(
        FromEmailAddress="a@sender.test", ConfigurationSetName="paused",
        DefaultContent={"Template": {"TemplateContent": {"Subject": "s", "Text": "t"}, "TemplateData": "{}"}},
        BulkEmailEntries=[{"Destination": {"ToAddresses": ["b@gmail.com"]}}]))
    assert code == "SendingPausedException"
    assert control(server, "GET", "/_emulator/health").json()["events"] == before
    ses.put_configuration_set_sending_options(ConfigurationSetName="paused", SendingEnabled=True)
    assert event_types(server, send(ses, "paused"))[0] == "SEND"


def test_tracking_follows_vdm_options_and_open_click_destinations(server, ses):
    # The account's engagement metrics are on by default: opens and clicks are tracked.
    assert event_types(server, send(ses)) == ["SEND", "DELIVERY", "OPEN", "CLICK"]
    ses.create_configuration_set(ConfigurationSetName="quiet",
                                 VdmOptions={"DashboardOptions": {"EngagementMetrics": "DISABLED"}})
    assert event_types(server, send(ses, "quiet")) == ["SEND", "DELIVERY"]
    # An enabled destination that takes CLICK events turns click tracking on, and only that.
    ses.create_configuration_set_event_destination(
        ConfigurationSetName="quiet", EventDestinationName="clicks",
        EventDestination={"Enabled": True, "MatchingEventTypes": ["CLICK"], **SNS})
    message_id = send(ses, "quiet")
    assert event_types(server, message_id) == ["SEND", "DELIVERY", "CLICK"]
    events = control(server, "GET", "/_emulator/events?messageId=" + message_id).json()["events"]
    delivery = next(e for e in events if e["type"] == "DELIVERY")
    assert (delivery["openTracking"], delivery["clickTracking"]) == (False, True)
    ses.update_configuration_set_event_destination(
        ConfigurationSetName="quiet", EventDestinationName="clicks",
        EventDestination={"Enabled": False, "MatchingEventTypes": ["CLICK", "OPEN"], **SNS})
    assert event_types(server, send(ses, "quiet")) == ["SEND", "DELIVERY"]
    # The account switch off: no set, no tracking.
    ses.put_account_vdm_attributes(VdmAttributes={"VdmEnabled": "ENABLED",
                                                  "DashboardAttributes": {"EngagementMetrics": "DISABLED"}})
    assert event_types(server, send(ses)) == ["SEND", "DELIVERY"]
    # Nothing untracked is counted: OPEN and CLICK metrics hold the first send only.
    today = dt.datetime.now(dt.timezone.utc).replace(hour=0, minute=0, second=0, microsecond=0)
    queries = [{"Id": m.lower(), "Namespace": "VDM", "Metric": m, "StartDate": today,
                "EndDate": today + dt.timedelta(days=1)} for m in ["OPEN", "CLICK", "DELIVERY_OPEN", "DELIVERY_CLICK"]]
    results = {r["Id"]: sum(r["Values"]) for r in ses.batch_get_metric_data(Queries=queries)["Results"]}
    assert results == {"open": 1, "click": 2, "delivery_open": 1, "delivery_click": 2}


def test_event_destinations_as_resources(ses, tmp_path):
    ses.create_configuration_set(ConfigurationSetName="cs")
    cw = {"CloudWatchDestination": {"DimensionConfigurations": [
        {"DimensionName": "campaign", "DimensionValueSource": "MESSAGE_TAG", "DefaultDimensionValue": "none"}]}}
    ses.create_configuration_set_event_destination(ConfigurationSetName="cs", EventDestinationName="sns",
                                                   EventDestination={"Enabled": True, "MatchingEventTypes": ["BOUNCE", "COMPLAINT"], **SNS})
    ses.create_configuration_set_event_destination(ConfigurationSetName="cs", EventDestinationName="cw",
                                                   EventDestination={"MatchingEventTypes": ["SEND"], **cw})
    got = ses.get_configuration_set_event_destinations(ConfigurationSetName="cs")["EventDestinations"]
    assert got == [{"Name": "sns", "Enabled": True, "MatchingEventTypes": ["BOUNCE", "COMPLAINT"], **SNS},
                   {"Name": "cw", "Enabled": False, "MatchingEventTypes": ["SEND"], **cw}]
    assert "EventDestinations" not in ses.get_configuration_set(ConfigurationSetName="cs")

    def create(name="x", **definition):
        return lambda: ses.create_configuration_set_event_destination(
            ConfigurationSetName="cs", EventDestinationName=name, EventDestination=definition)

    assert refused(create("sns", MatchingEventTypes=["SEND"], **SNS))[0] == "AlreadyExistsException"
    assert refused(lambda: ses.create_configuration_set_event_destination(
        ConfigurationSetName="nope", EventDestinationName="x",
        EventDestination={"MatchingEventTypes": ["SEND"], **SNS})) == ("NotFoundException", "Configuration set nope does not exist.")
    code, message = refused(create(MatchingEventTypes=["SEND"]))
    assert code == "BadRequestException" and "exactly one destination" in message
    code, message = refused(create(MatchingEventTypes=["SEND"], **SNS, PinpointDestination={}))
    assert code == "BadRequestException" and "2 given" in message
    assert refused(create(MatchingEventTypes=[], **SNS))[0] == "BadRequestException"
    code, message = refused(create(MatchingEventTypes=["SENT"], **SNS))
    assert code == "BadRequestException" and "matchingEventTypes" in message
    code, message = refused(create(MatchingEventTypes=["SEND"], SnsDestination={"TopicArn": "my-topic"}))
    assert code == "BadRequestException" and "TopicArn" in message
    code, message = refused(create(MatchingEventTypes=["SEND"], EventBridgeDestination={
        "EventBusArn": "arn:aws:events:us-east-1:000000000000:event-bus/mine"}))
    assert code == "BadRequestException" and "default event bus" in message
    code, message = refused(create(MatchingEventTypes=["SEND"], CloudWatchDestination={"DimensionConfigurations": [
        {"DimensionName": "To", "DimensionValueSource": "EMAIL_HEADER", "DefaultDimensionValue": "x"}]}))
    assert code == "BadRequestException" and "header To" in message
    code, message = refused(create("bad name", MatchingEventTypes=["SEND"], **SNS))
    assert code == "BadRequestException" and "event destination name" in message
    for i in range(8):
        create(f"d{i}", MatchingEventTypes=["SEND"], **SNS)()
    assert refused(create("d9", MatchingEventTypes=["SEND"], **SNS))[0] == "LimitExceededException"

    ses.update_configuration_set_event_destination(
        ConfigurationSetName="cs", EventDestinationName="cw",
        EventDestination={"Enabled": True, "MatchingEventTypes": ["DELIVERY"], "EventBridgeDestination": {
            "EventBusArn": "arn:aws:events:us-east-1:000000000000:event-bus/default"}})
    got = ses.get_configuration_set_event_destinations(ConfigurationSetName="cs")["EventDestinations"]
    assert got[1]["Name"] == "cw" and "CloudWatchDestination" not in got[1] and got[1]["Enabled"] is True
    assert refused(lambda: ses.update_configuration_set_event_destination(
        ConfigurationSetName="cs", EventDestinationName="gone", EventDestination={"MatchingEventTypes": ["SEND"], **SNS})) == (
        "NotFoundException", "Event destination gone does not exist in configuration set cs.")
    ses.delete_configuration_set_event_destination(ConfigurationSetName="cs", EventDestinationName="sns")
    assert [d["Name"] for d in ses.get_configuration_set_event_destinations(ConfigurationSetName="cs")["EventDestinations"]] == (
        ["cw"] + [f"d{i}" for i in range(8)])
    assert refused(lambda: ses.delete_configuration_set_event_destination(
        ConfigurationSetName="cs", EventDestinationName="sns"))[0] == "NotFoundException"
    assert ses.get_configuration_set_event_destinations(ConfigurationSetName="seeded-set")["EventDestinations"] == []
    assert refused(lambda: ses.delete_configuration_set_event_destination(
        ConfigurationSetName="seeded-set", EventDestinationName="x"))[0] == "NotFoundException"

    # The aws CLI reads the same list.
    listed = aws(["get-configuration-set-event-destinations", "--configuration-set-name", "cs"],
                 ses.meta.endpoint_url, tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert json.loads(listed.stdout)["EventDestinations"][0]["Name"] == "cw"
    # Deleting the set deletes its destinations.
    ses.delete_configuration_set(ConfigurationSetName="cs")
    ses.create_configuration_set(ConfigurationSetName="cs")
    assert ses.get_configuration_set_event_destinations(ConfigurationSetName="cs")["EventDestinations"] == []


def test_dedicated_ip_pools_and_the_sending_pool_of_a_set(ses):
    ses.create_dedicated_ip_pool(PoolName="transactional")
    ses.create_dedicated_ip_pool(PoolName="managed", ScalingMode="MANAGED", Tags=[{"Key": "k", "Value": "v"}])
    assert ses.get_dedicated_ip_pool(PoolName="transactional")["DedicatedIpPool"] == {
        "PoolName": "transactional", "ScalingMode": "STANDARD"}
    assert ses.get_dedicated_ip_pool(PoolName="managed")["DedicatedIpPool"]["ScalingMode"] == "MANAGED"
    assert ses.list_dedicated_ip_pools()["DedicatedIpPools"] == ["managed", "transactional"]
    page = ses.list_dedicated_ip_pools(PageSize=1)
    assert page["DedicatedIpPools"] == ["managed"]
    assert ses.list_dedicated_ip_pools(PageSize=1, NextToken=page["NextToken"])["DedicatedIpPools"] == ["transactional"]
    assert refused(lambda: ses.create_dedicated_ip_pool(PoolName="managed"))[0] == "AlreadyExistsException"
    assert refused(lambda: ses.create_dedicated_ip_pool(PoolName="x", ScalingMode="AUTO"))[0] == "BadRequestException"
    assert refused(lambda: ses.get_dedicated_ip_pool(PoolName="none")) == (
        "NotFoundException", "Dedicated IP pool none does not exist.")

    ses.create_configuration_set(ConfigurationSetName="cs", DeliveryOptions={"SendingPoolName": "transactional"})
    assert refused(lambda: ses.create_configuration_set(ConfigurationSetName="cs2", DeliveryOptions={"SendingPoolName": "none"})) == (
        "NotFoundException", "Dedicated IP pool none does not exist.")
    ses.put_configuration_set_delivery_options(ConfigurationSetName="cs", SendingPoolName="managed", TlsPolicy="REQUIRE")
    assert ses.get_configuration_set(ConfigurationSetName="cs")["DeliveryOptions"] == {
        "SendingPoolName": "managed", "TlsPolicy": "REQUIRE"}
    assert refused(lambda: ses.put_configuration_set_delivery_options(ConfigurationSetName="cs", SendingPoolName="none"))[0] == (
        "NotFoundException")
    ses.delete_dedicated_ip_pool(PoolName="transactional")
    assert refused(lambda: ses.delete_dedicated_ip_pool(PoolName="transactional"))[0] == "NotFoundException"


def test_tags_by_arn_on_every_taggable_kind(ses, tmp_path):
    ses.create_configuration_set(ConfigurationSetName="cs", Tags=[{"Key": "a", "Value": "1"}])
    ses.create_email_template(TemplateName="tpl", TemplateContent={"Subject": "s"})
    ses.create_dedicated_ip_pool(PoolName="pool")
    arns = [ARN.format("configuration-set", "cs"), ARN.format("identity", "sender.test"),
            ARN.format("template", "tpl"), ARN.format("dedicated-ip-pool", "pool")]
    assert ses.list_tags_for_resource(ResourceArn=arns[0])["Tags"] == [{"Key": "a", "Value": "1"}]
    for arn in arns:
        ses.tag_resource(ResourceArn=arn, Tags=[{"Key": "a", "Value": "2"}, {"Key": "b", "Value": ""}])
        assert ses.list_tags_for_resource(ResourceArn=arn)["Tags"] == [{"Key": "a", "Value": "2"}, {"Key": "b", "Value": ""}]
        ses.untag_resource(ResourceArn=arn, TagKeys=["a", "missing"])
        assert ses.list_tags_for_resource(ResourceArn=arn)["Tags"] == [{"Key": "b", "Value": ""}]
    # The tags the Get operations report are the same.
    assert ses.get_configuration_set(ConfigurationSetName="cs")["Tags"] == [{"Key": "b", "Value": ""}]
    assert ses.get_email_identity(EmailIdentity="sender.test")["Tags"] == [{"Key": "b", "Value": ""}]
    # A set known from events reads with no tags and takes them; an identity must be created first.
    assert ses.list_tags_for_resource(ResourceArn=ARN.format("configuration-set", "seeded-set"))["Tags"] == []
    ses.tag_resource(ResourceArn=ARN.format("configuration-set", "seeded-set"), Tags=[{"Key": "k", "Value": "v"}])
    assert ses.get_configuration_set(ConfigurationSetName="seeded-set")["Tags"] == [{"Key": "k", "Value": "v"}]
    code, message = refused(lambda: ses.tag_resource(ResourceArn=ARN.format("identity", "seeded.example"),
                                                     Tags=[{"Key": "k", "Value": "v"}]))
    assert code == "BadRequestException" and "create it" in message

    assert refused(lambda: ses.list_tags_for_resource(ResourceArn=ARN.format("template", "none"))) == (
        "NotFoundException", "Template none does not exist.")
    assert refused(lambda: ses.list_tags_for_resource(ResourceArn=ARN.format("widget", "w")))[0] == "NotFoundException"
    code, message = refused(lambda: ses.list_tags_for_resource(ResourceArn="not-an-arn"))
    assert code == "BadRequestException" and "Invalid resource ARN" in message
    code, message = refused(lambda: ses.tag_resource(ResourceArn=arns[0], Tags=[{"Key": "", "Value": "v"}]))
    assert code == "BadRequestException" and "tags.1.member.key" in message
    code, message = refused(lambda: ses.tag_resource(ResourceArn=arns[0],
                                                     Tags=[{"Key": f"k{i}", "Value": "v"} for i in range(51)]))
    assert code == "BadRequestException" and "at most 50 tags" in message
    assert len(ses.list_tags_for_resource(ResourceArn=arns[0])["Tags"]) == 1

    tagged = aws(["tag-resource", "--resource-arn", arns[2], "--tags", "Key=env,Value=test"], ses.meta.endpoint_url, tmp_path)
    assert tagged.returncode == 0, tagged.stderr
    listed = aws(["list-tags-for-resource", "--resource-arn", arns[2]], ses.meta.endpoint_url, tmp_path)
    assert json.loads(listed.stdout)["Tags"] == [{"Key": "b", "Value": ""}, {"Key": "env", "Value": "test"}]


def test_settings_survive_a_restart_and_go_with_a_reset(start_server, tmp_path):
    database = tmp_path / "db.sqlite"
    server = start_server(["--port", "0", "--database", str(database)])
    ses = make_client(server.url)
    ses.create_dedicated_ip_pool(PoolName="pool")
    ses.create_configuration_set(ConfigurationSetName="cs")
    ses.put_configuration_set_delivery_options(ConfigurationSetName="cs", SendingPoolName="pool")
    ses.create_configuration_set_event_destination(ConfigurationSetName="cs", EventDestinationName="d",
                                                   EventDestination={"MatchingEventTypes": ["SEND"], **SNS})
    server.stop()
    server = start_server(["--port", "0", "--database", str(database)])
    ses = make_client(server.url)
    assert ses.get_configuration_set(ConfigurationSetName="cs")["DeliveryOptions"]["SendingPoolName"] == "pool"
    assert len(ses.get_configuration_set_event_destinations(ConfigurationSetName="cs")["EventDestinations"]) == 1
    assert ses.list_dedicated_ip_pools()["DedicatedIpPools"] == ["pool"]
    assert control(server, "POST", "/_emulator/reset?confirm=true").status == 200
    assert ses.list_dedicated_ip_pools()["DedicatedIpPools"] == []
    assert refused(lambda: ses.get_configuration_set(ConfigurationSetName="cs"))[0] == "NotFoundException"


def test_dedicated_ips_from_the_startup_inventory_and_the_control_api(start_server, tmp_path):
    server = start_server(["--port", "0", "--dedicated-ips", "198.51.100.1, 198.51.100.2"])
    ses = make_client(server.url)
    ips = ses.get_dedicated_ips()["DedicatedIps"]
    assert ips == [{"Ip": "198.51.100.1", "WarmupStatus": "DONE", "WarmupPercentage": 100, "PoolName": "ses-default-dedicated-pool"},
                   {"Ip": "198.51.100.2", "WarmupStatus": "DONE", "WarmupPercentage": 100, "PoolName": "ses-default-dedicated-pool"}]
    ses.create_dedicated_ip_pool(PoolName="transactional")
    ses.create_dedicated_ip_pool(PoolName="auto", ScalingMode="MANAGED")
    ses.put_dedicated_ip_in_pool(Ip="198.51.100.2", DestinationPoolName="transactional")
    ses.put_dedicated_ip_warmup_attributes(Ip="198.51.100.2", WarmupPercentage=40)
    got = ses.get_dedicated_ip(Ip="198.51.100.2")["DedicatedIp"]
    assert got == {"Ip": "198.51.100.2", "WarmupStatus": "IN_PROGRESS", "WarmupPercentage": 40, "PoolName": "transactional"}
    assert [i["Ip"] for i in ses.get_dedicated_ips(PoolName="transactional")["DedicatedIps"]] == ["198.51.100.2"]
    page = ses.get_dedicated_ips(PageSize=1)
    assert [i["Ip"] for i in page["DedicatedIps"]] == ["198.51.100.1"]
    assert [i["Ip"] for i in ses.get_dedicated_ips(PageSize=1, NextToken=page["NextToken"])["DedicatedIps"]] == ["198.51.100.2"]
    assert refused(lambda: ses.get_dedicated_ips(PoolName="none"))[0] == "NotFoundException"
    assert refused(lambda: ses.get_dedicated_ip(Ip="203.0.113.9")) == ("NotFoundException", "Dedicated IP 203.0.113.9 does not exist.")
    code, message = refused(lambda: ses.put_dedicated_ip_in_pool(Ip="198.51.100.1", DestinationPoolName="auto"))
    assert code == "BadRequestException" and "MANAGED" in message
    assert refused(lambda: ses.put_dedicated_ip_in_pool(Ip="198.51.100.1", DestinationPoolName="none"))[0] == "NotFoundException"
    ses.put_dedicated_ip_pool_scaling_attributes(PoolName="transactional", ScalingMode="MANAGED")
    assert ses.get_dedicated_ip_pool(PoolName="transactional")["DedicatedIpPool"]["ScalingMode"] == "MANAGED"
    code, message = refused(lambda: ses.put_dedicated_ip_pool_scaling_attributes(PoolName="auto", ScalingMode="STANDARD"))
    assert code == "BadRequestException" and "cannot become STANDARD" in message
    # A deleted pool's addresses are back in the default pool.
    ses.delete_dedicated_ip_pool(PoolName="transactional")
    assert ses.get_dedicated_ip(Ip="198.51.100.2")["DedicatedIp"]["PoolName"] == "ses-default-dedicated-pool"

    # The control API replaces the inventory; a reset returns to the startup one.
    assert control(server, "PUT", "/_emulator/dedicated-ips", {"ips": ["203.0.113.7"]}).json() == {"ips": ["203.0.113.7"]}
    assert [i["Ip"] for i in ses.get_dedicated_ips()["DedicatedIps"]] == ["203.0.113.7"]
    for bad in [{"ips": ["300.1.1.1"]}, {"ips": ["1.2.3.4", "1.2.3.4"]}, {"addresses": []}, ["1.2.3.4"]]:
        assert control(server, "PUT", "/_emulator/dedicated-ips", bad).status == 400, bad
    assert control(server, "GET", "/_emulator/dedicated-ips").json() == {"ips": ["203.0.113.7"]}
    assert control(server, "POST", "/_emulator/reset").status == 200
    assert [i["Ip"] for i in ses.get_dedicated_ips()["DedicatedIps"]] == ["198.51.100.1", "198.51.100.2"]
    assert ses.get_dedicated_ip(Ip="198.51.100.2")["DedicatedIp"]["WarmupStatus"] == "DONE"


def test_a_bad_dedicated_ip_option_stops_the_start(tmp_path):
    from support import run_cli
    result = run_cli(["serve", "--dedicated-ips", "198.51.100.1,nope"])
    assert result.returncode != 0 and b"--dedicated-ips" in result.stderr + result.stdout
