"""Custom verification email templates, SendCustomVerificationEmail, TestRenderEmailTemplate and
multi-region endpoints through boto3 and the aws CLI (docs/more-operations.md).
"""
from __future__ import annotations

import json
import urllib.parse

import pytest

from support import control, make_client, refused, run_aws

TEMPLATE = {"TemplateName": "verify", "FromEmailAddress": "noreply@sender.test", "TemplateSubject": "Please verify",
            "TemplateContent": "<p>Click the link</p>", "SuccessRedirectionURL": "https://app.test/ok",
            "FailureRedirectionURL": "https://app.test/failed"}


@pytest.fixture
def server(start_server):
    return start_server(["--port", "0"])


@pytest.fixture
def ses(server):
    client = make_client(server.url)
    client.create_email_identity(EmailIdentity="sender.test")
    return client


def test_custom_verification_templates_and_their_send(server, ses, tmp_path):
    ses.create_custom_verification_email_template(**TEMPLATE, Tags=[{"Key": "k", "Value": "v"}])
    got = ses.get_custom_verification_email_template(TemplateName="verify")
    assert {k: got[k] for k in TEMPLATE} == TEMPLATE and got["Tags"] == [{"Key": "k", "Value": "v"}]
    assert refused(lambda: ses.create_custom_verification_email_template(**TEMPLATE))[0] == "AlreadyExistsException"
    assert refused(lambda: ses.create_custom_verification_email_template(**{**TEMPLATE, "TemplateName": "x",
                                                                           "FromEmailAddress": "a@unknown.test"})) == (
        "NotFoundException", "Email identity a@unknown.test does not exist.")
    ses.update_custom_verification_email_template(**{**TEMPLATE, "TemplateSubject": "Verify now"})
    got = ses.get_custom_verification_email_template(TemplateName="verify")
    assert got["TemplateSubject"] == "Verify now" and got["Tags"] == [{"Key": "k", "Value": "v"}]
    for i in range(3):
        ses.create_custom_verification_email_template(**{**TEMPLATE, "TemplateName": f"t{i}"})
    listed = ses.list_custom_verification_email_templates(PageSize=2)
    assert [t["TemplateName"] for t in listed["CustomVerificationEmailTemplates"]] == ["t0", "t1"]
    assert "TemplateContent" not in listed["CustomVerificationEmailTemplates"][0]
    rest = ses.list_custom_verification_email_templates(PageSize=2, NextToken=listed["NextToken"])
    assert [t["TemplateName"] for t in rest["CustomVerificationEmailTemplates"]] == ["t2", "verify"]

    message_id = ses.send_custom_verification_email(EmailAddress="new.user@gmail.com", TemplateName="verify")["MessageId"]
    sent = control(server, "GET", "/_aws/ses?id=" + urllib.parse.quote(message_id)).json()["messages"]
    assert len(sent) == 1 and sent[0]["Source"] == "noreply@sender.test" and sent[0]["Subject"] == "Verify now"
    assert sent[0]["Destination"] == {"ToAddresses": ["new.user@gmail.com"]}
    assert sent[0]["Body"]["html_part"] == "<p>Click the link</p>"
    events = control(server, "GET", "/_emulator/events?messageId=" + urllib.parse.quote(message_id)).json()["events"]
    assert [e["type"] for e in events] == ["SEND", "DELIVERY"] and events[0]["emailIdentity"] == "sender.test"
    # As at AWS, the address becomes an identity.
    assert ses.get_email_identity(EmailIdentity="new.user@gmail.com")["IdentityType"] == "EMAIL_ADDRESS"
    assert refused(lambda: ses.send_custom_verification_email(EmailAddress="x@gmail.com", TemplateName="none")) == (
        "NotFoundException", "Custom verification email template none does not exist.")
    assert refused(lambda: ses.send_custom_verification_email(EmailAddress="x@gmail.com", TemplateName="verify",
                                                              ConfigurationSetName="none"))[0] == "NotFoundException"
    ses.delete_custom_verification_email_template(TemplateName="verify")
    assert refused(lambda: ses.delete_custom_verification_email_template(TemplateName="verify"))[0] == "NotFoundException"
    out = run_aws(["sesv2", "list-custom-verification-email-templates", "--endpoint-url", ses.meta.endpoint_url],
                  tmp_path, {"AWS_DEFAULT_REGION": "us-east-1"})
    assert out.returncode == 0, out.stderr
    assert [t["TemplateName"] for t in json.loads(out.stdout)["CustomVerificationEmailTemplates"]] == ["t0", "t1", "t2"]


def test_render_a_template_as_the_mime_message(ses):
    ses.create_email_template(TemplateName="hello", TemplateContent={
        "Subject": "Hi {{name}}", "Text": "Dear {{name}}, {{order.id}}", "Html": "<b>{{name}}</b>"})
    rendered = ses.test_render_email_template(TemplateName="hello", TemplateData=json.dumps(
        {"name": "Ann", "order": {"id": 7}}))["RenderedTemplate"]
    assert "Subject: Hi Ann\r\n" in rendered and "MIME-Version: 1.0" in rendered
    assert "multipart/alternative" in rendered and "Dear Ann, 7" in rendered and "<b>Ann</b>" in rendered
    ses.create_email_template(TemplateName="plain", TemplateContent={"Subject": "S", "Text": "only text"})
    rendered = ses.test_render_email_template(TemplateName="plain", TemplateData="{}")["RenderedTemplate"]
    assert "Content-Type: text/plain" in rendered and "multipart" not in rendered and rendered.endswith("only text")
    assert refused(lambda: ses.test_render_email_template(TemplateName="none", TemplateData="{}")) == (
        "NotFoundException", "Template none does not exist.")
    code, _ = refused(lambda: ses.test_render_email_template(TemplateName="hello", TemplateData="[1]"))
    assert code == "BadRequestException"


def test_templates_render_the_handlebars_ses_documents(server, ses):
    ses.create_email_template(TemplateName="order", TemplateContent={
        "Subject": "{{#if vip}}VIP: {{/if}}Order {{order.id}}",
        "Text": "{{#each items}}{{@index}}. {{name}} for {{../customer}}\n{{/each}}{{#unless paid}}Please pay.{{/unless}}"})
    data = {"vip": True, "order": {"id": 7}, "customer": "Ann", "paid": False, "items": [{"name": "tea"}, {"name": "cake"}]}
    rendered = ses.test_render_email_template(TemplateName="order", TemplateData=json.dumps(data))["RenderedTemplate"]
    assert "Subject: VIP: Order 7\r\n" in rendered
    assert "0. tea for Ann\n1. cake for Ann\nPlease pay." in rendered
    # A send renders the same way: /_aws/ses shows it.
    message_id = ses.send_email(FromEmailAddress="a@sender.test", Destination={"ToAddresses": ["x@gmail.com"]},
                                Content={"Template": {"TemplateName": "order", "TemplateData": json.dumps({**data, "vip": False})}})["MessageId"]
    sent = control(server, "GET", "/_aws/ses?id=" + urllib.parse.quote(message_id)).json()["messages"][0]
    assert sent["Subject"] == "Order 7" and sent["Body"]["text_part"].startswith("0. tea for Ann")
    ses.create_email_template(TemplateName="broken", TemplateContent={"Subject": "{{#if x}}never closed", "Text": "t"})
    code, message = refused(lambda: ses.test_render_email_template(TemplateName="broken", TemplateData="{}"))
    assert code == "BadRequestException" and "{{#if}} is not closed" in message


def test_multi_region_endpoints(ses):
    created = ses.create_multi_region_endpoint(EndpointName="global", Details={"RoutesDetails": [{"Region": "eu-west-1"}]},
                                               Tags=[{"Key": "k", "Value": "v"}])
    assert created["Status"] == "READY" and created["EndpointId"]
    got = ses.get_multi_region_endpoint(EndpointName="global")
    assert got["EndpointId"] == created["EndpointId"] and got["Status"] == "READY"
    assert got["Routes"] == [{"Region": "us-east-1"}, {"Region": "eu-west-1"}] and "CreatedTimestamp" in got
    assert refused(lambda: ses.create_multi_region_endpoint(EndpointName="global", Details={
        "RoutesDetails": [{"Region": "eu-west-1"}]}))[0] == "AlreadyExistsException"
    code, message = refused(lambda: ses.create_multi_region_endpoint(EndpointName="x", Details={
        "RoutesDetails": [{"Region": "us-east-1"}]}))
    assert code == "BadRequestException" and "secondary region" in message
    ses.create_multi_region_endpoint(EndpointName="second", Details={"RoutesDetails": [{"Region": "ap-south-1"}]})
    listed = ses.list_multi_region_endpoints()["MultiRegionEndpoints"]
    assert [e["EndpointName"] for e in listed] == ["global", "second"] and listed[0]["Regions"] == ["us-east-1", "eu-west-1"]
    page = ses.list_multi_region_endpoints(PageSize=1)
    assert [e["EndpointName"] for e in page["MultiRegionEndpoints"]] == ["global"] and page["NextToken"]
    assert ses.delete_multi_region_endpoint(EndpointName="global")["Status"] == "DELETING"
    assert refused(lambda: ses.get_multi_region_endpoint(EndpointName="global")) == (
        "NotFoundException", "Multi-region endpoint global does not exist.")
