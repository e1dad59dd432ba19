"""Tenants through boto3 and the aws CLI (docs/tenants.md): the tenant operations, resource
associations, reputation entities, and a send with TenantName: it needs the tenant and its
associations, is refused while the tenant is paused, and its events carry the tenant, so a
TENANT_NAME query counts it.
"""
from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from support import make_client, refused, run_aws

ARN = "arn:aws:ses:us-east-1:000000000000:{}/{}"


@pytest.fixture
def ses(start_server):
    server = start_server(["--port", "0"])
    client = make_client(server.url)
    client.create_email_identity(EmailIdentity="acme.test")
    client.create_configuration_set(ConfigurationSetName="acme-set")
    client.create_email_template(TemplateName="welcome", TemplateContent={"Subject": "Hi", "Text": "t"})
    return client


def test_tenants_and_their_resources(ses, tmp_path):
    created = ses.create_tenant(TenantName="acme", Tags=[{"Key": "plan", "Value": "gold"}])
    assert created["TenantName"] == "acme" and created["SendingStatus"] == "ENABLED"
    assert re.fullmatch(r"tn-[0-9a-f]{24}", created["TenantId"]), created["TenantId"]
    assert created["TenantArn"] == f"arn:aws:ses:us-east-1:000000000000:tenant/acme/{created['TenantId']}"
    got = ses.get_tenant(TenantName="acme")["Tenant"]
    assert got["TenantId"] == created["TenantId"] and got["Tags"] == [{"Key": "plan", "Value": "gold"}]
    assert refused(lambda: ses.create_tenant(TenantName="acme"))[0] == "AlreadyExistsException"
    assert refused(lambda: ses.get_tenant(TenantName="none")) == ("NotFoundException", "Tenant none does not exist.")
    code, message = refused(lambda: ses.create_tenant(TenantName="bad name"))
    assert code == "BadRequestException" and "tenant name" in message
    ses.create_tenant(TenantName="globex")
    assert [t["TenantName"] for t in ses.list_tenants()["Tenants"]] == ["acme", "globex"]
    assert [t["TenantName"] for t in ses.list_tenants(Filter={"TENANT_NAME_CONTAINS": "GLO"})["Tenants"]] == ["globex"]
    page = ses.list_tenants(PageSize=1)
    assert [t["TenantName"] for t in page["Tenants"]] == ["acme"]
    assert [t["TenantName"] for t in ses.list_tenants(PageSize=1, NextToken=page["NextToken"])["Tenants"]] == ["globex"]

    identity, cs, template = ARN.format("identity", "acme.test"), ARN.format("configuration-set", "acme-set"), ARN.format("template", "welcome")
    for arn in (identity, cs, template):
        ses.create_tenant_resource_association(TenantName="acme", ResourceArn=arn)
    ses.create_tenant_resource_association(TenantName="globex", ResourceArn=identity)
    assert refused(lambda: ses.create_tenant_resource_association(TenantName="acme", ResourceArn=identity))[0] == (
        "AlreadyExistsException")
    assert refused(lambda: ses.create_tenant_resource_association(TenantName="acme", ResourceArn=ARN.format("identity", "none.test"))) == (
        "NotFoundException", "Email identity none.test does not exist.")
    assert refused(lambda: ses.create_tenant_resource_association(TenantName="none", ResourceArn=identity))[0] == "NotFoundException"
    resources = ses.list_tenant_resources(TenantName="acme")["TenantResources"]
    assert {(r["ResourceType"], r["ResourceArn"]) for r in resources} == {
        ("EMAIL_IDENTITY", identity), ("CONFIGURATION_SET", cs), ("EMAIL_TEMPLATE", template)}
    assert [r["ResourceArn"] for r in ses.list_tenant_resources(TenantName="acme", Filter={"RESOURCE_TYPE": "EMAIL_TEMPLATE"})[
        "TenantResources"]] == [template]
    tenants_of = ses.list_resource_tenants(ResourceArn=identity)["ResourceTenants"]
    assert [t["TenantName"] for t in tenants_of] == ["acme", "globex"] and all("AssociatedTimestamp" in t for t in tenants_of)
    ses.delete_tenant_resource_association(TenantName="globex", ResourceArn=identity)
    assert [t["TenantName"] for t in ses.list_resource_tenants(ResourceArn=identity)["ResourceTenants"]] == ["acme"]
    assert refused(lambda: ses.delete_tenant_resource_association(TenantName="globex", ResourceArn=identity))[0] == "NotFoundException"

    ses.put_tenant_suppression_attributes(TenantName="acme", SuppressedReasons=["BOUNCE"], SuppressionScope="TENANT")
    assert ses.get_tenant(TenantName="acme")["Tenant"]["SuppressionAttributes"] == {"SuppressedReasons": ["BOUNCE"],
                                                                                   "SuppressionScope": "TENANT"}
    tenant_arn = created["TenantArn"]
    ses.tag_resource(ResourceArn=tenant_arn, Tags=[{"Key": "env", "Value": "test"}])
    assert ses.list_tags_for_resource(ResourceArn=tenant_arn)["Tags"] == [{"Key": "plan", "Value": "gold"}, {"Key": "env", "Value": "test"}]

    out = run_aws(["sesv2", "list-tenants", "--endpoint-url", ses.meta.endpoint_url], tmp_path, {"AWS_DEFAULT_REGION": "us-east-1"})
    assert out.returncode == 0, out.stderr
    assert [t["TenantName"] for t in json.loads(out.stdout)["Tenants"]] == ["acme", "globex"]
    # Deleting a tenant deletes its associations, not the resources.
    ses.delete_tenant(TenantName="acme")
    assert ses.list_resource_tenants(ResourceArn=identity)["ResourceTenants"] == []
    assert ses.get_email_identity(EmailIdentity="acme.test")["VerifiedForSendingStatus"] is True
    assert refused(lambda: ses.delete_tenant(TenantName="acme"))[0] == "NotFoundException"


def test_reputation_entities_are_the_tenants(ses):
    arn = ses.create_tenant(TenantName="acme")["TenantArn"]
    entity = ses.get_reputation_entity(ReputationEntityType="RESOURCE", ReputationEntityReference=arn)["ReputationEntity"]
    assert entity["ReputationEntityReference"] == arn and entity["SendingStatusAggregate"] == "ENABLED"
    assert entity["CustomerManagedStatus"]["Status"] == "ENABLED" and entity["AwsSesManagedStatus"]["Status"] == "ENABLED"
    ses.update_reputation_entity_customer_managed_status(ReputationEntityType="RESOURCE", ReputationEntityReference=arn,
                                                         SendingStatus="DISABLED")
    policy = "arn:aws:ses:us-east-1:aws:reputation-policy/strict"
    ses.update_reputation_entity_policy(ReputationEntityType="RESOURCE", ReputationEntityReference=arn, ReputationEntityPolicy=policy)
    entity = ses.get_reputation_entity(ReputationEntityType="RESOURCE", ReputationEntityReference=arn)["ReputationEntity"]
    assert entity["CustomerManagedStatus"]["Status"] == "DISABLED" and entity["SendingStatusAggregate"] == "DISABLED"
    assert entity["ReputationManagementPolicy"] == policy
    assert ses.get_tenant(TenantName="acme")["Tenant"]["SendingStatus"] == "DISABLED"
    listed = ses.list_reputation_entities(Filter={"SENDING_STATUS": "DISABLED"})["ReputationEntities"]
    assert [e["ReputationEntityReference"] for e in listed] == [arn]
    assert ses.list_reputation_entities(Filter={"SENDING_STATUS": "ENABLED"})["ReputationEntities"] == []
    assert refused(lambda: ses.get_reputation_entity(ReputationEntityType="RESOURCE", ReputationEntityReference="arn:aws:ses:x"))[0] == (
        "NotFoundException")


def test_a_tenant_send_needs_its_tenant_and_associations_and_counts_under_it(ses):
    def send(**extra):
        return ses.send_email(FromEmailAddress="a@acme.test", Destination={"ToAddresses": ["x@gmail.com"]}, TenantName="acme",
                              Content={"Simple": {"Subject": {"Data": "s"}, "Body": {"Text": {"Data": "t"}}}}, **extra)["MessageId"]

    assert refused(send) == ("NotFoundException", "Tenant acme does not exist.")
    arn = ses.create_tenant(TenantName="acme")["TenantArn"]
    code, message = refused(send)
    assert code == "BadRequestException" and "not associated with tenant acme" in message
    ses.create_tenant_resource_association(TenantName="acme", ResourceArn=ARN.format("identity", "acme.test"))
    send()
    code, message = refused(lambda: send(ConfigurationSetName="acme-set"))
    assert code == "BadRequestException" and "Configuration set acme-set" in message
    ses.create_tenant_resource_association(TenantName="acme", ResourceArn=ARN.format("configuration-set", "acme-set"))
    send(ConfigurationSetName="acme-set")
    templated = lambda: ses.send_email(FromEmailAddress="a@acme.test", Destination={"ToAddresses": ["x@gmail.com"]},
                                       TenantName="acme", Content={"Template": {"TemplateName": "welcome", "TemplateData": "{}"}})
    assert "Template welcome" in refused(templated)[1]
    ses.create_tenant_resource_association(TenantName="acme", ResourceArn=ARN.format("template", "welcome"))
    templated()
    ses.update_reputation_entity_customer_managed_status(ReputationEntityType="RESOURCE", ReputationEntityReference=arn,
                                                         SendingStatus="DISABLED")
    assert refused(send) == ("SendingPausedException", "Sending is paused for tenant acme.")
    ses.update_reputation_entity_customer_managed_status(ReputationEntityType="RESOURCE", ReputationEntityReference=arn,
                                                         SendingStatus="REINSTATED")
    send()
    today = dt.datetime.now(dt.timezone.utc).replace(hour=0, minute=0, second=0, microsecond=0)
    result = ses.batch_get_metric_data(Queries=[{"Id": "t", "Namespace": "VDM", "Metric": "SEND", "StartDate": today,
                                                 "EndDate": today + dt.timedelta(days=1),
                                                 "Dimensions": {"TENANT_NAME": "acme"}}])["Results"][0]
    assert sum(result["Values"]) == 4
