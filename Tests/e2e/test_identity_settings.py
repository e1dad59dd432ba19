"""An identity's settings through boto3 and the aws CLI (docs/identities.md): DKIM (Easy DKIM and
BYODKIM), feedback forwarding, MAIL FROM, sending authorization policies and the default
configuration set, which sends that name none go through. GetEmailIdentity reports all of it.
"""
from __future__ import annotations

import json
import urllib.parse

import pytest

from support import control, make_client, refused, run_aws

POLICY = json.dumps({"Version": "2012-10-17", "Statement": [{
    "Sid": "a", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"},
    "Action": ["ses:SendEmail"], "Resource": "arn:aws:ses:us-east-1:000000000000:identity/example.com"}]})


@pytest.fixture
def server(start_server):
    return start_server(["--port", "0"])


@pytest.fixture
def ses(server):
    client = make_client(server.url)
    client.create_email_identity(EmailIdentity="example.com")
    client.create_email_identity(EmailIdentity="solo@other.test")
    return client


def test_dkim_feedback_and_mail_from(ses):
    got = ses.get_email_identity(EmailIdentity="example.com")
    assert got["DkimAttributes"]["SigningEnabled"] is True and got["FeedbackForwardingStatus"] is True
    assert "MailFromAttributes" not in got
    easy_tokens = got["DkimAttributes"]["Tokens"]

    ses.put_email_identity_dkim_attributes(EmailIdentity="example.com", SigningEnabled=False)
    ses.put_email_identity_feedback_attributes(EmailIdentity="example.com", EmailForwardingEnabled=False)
    ses.put_email_identity_mail_from_attributes(EmailIdentity="example.com", MailFromDomain="bounce.example.com",
                                                BehaviorOnMxFailure="REJECT_MESSAGE")
    got = ses.get_email_identity(EmailIdentity="example.com")
    assert got["DkimAttributes"]["SigningEnabled"] is False and got["FeedbackForwardingStatus"] is False
    assert got["MailFromAttributes"] == {"MailFromDomain": "bounce.example.com", "MailFromDomainStatus": "SUCCESS",
                                         "BehaviorOnMxFailure": "REJECT_MESSAGE"}
    ses.put_email_identity_mail_from_attributes(EmailIdentity="example.com")
    assert "MailFromAttributes" not in ses.get_email_identity(EmailIdentity="example.com")
    code, message = refused(lambda: ses.put_email_identity_mail_from_attributes(EmailIdentity="example.com",
                                                                                MailFromDomain="mail.elsewhere.com"))
    assert code == "BadRequestException" and "subdomain of example.com" in message
    assert refused(lambda: ses.put_email_identity_mail_from_attributes(EmailIdentity="example.com", MailFromDomain="m.example.com",
                                                                       BehaviorOnMxFailure="SOMETIMES"))[0] == "BadRequestException"
    ses.put_email_identity_mail_from_attributes(EmailIdentity="solo@other.test", MailFromDomain="mail.other.test")
    assert ses.get_email_identity(EmailIdentity="solo@other.test")["MailFromAttributes"]["BehaviorOnMxFailure"] == "USE_DEFAULT_VALUE"

    # BYODKIM: the selector is the token; the private key is never shown.
    answer = ses.put_email_identity_dkim_signing_attributes(
        EmailIdentity="example.com", SigningAttributesOrigin="EXTERNAL",
        SigningAttributes={"DomainSigningSelector": "sel1", "DomainSigningPrivateKey": "TUlJQ2Vn"})
    assert (answer["DkimStatus"], answer["DkimTokens"]) == ("SUCCESS", ["sel1"])
    dkim = ses.get_email_identity(EmailIdentity="example.com")["DkimAttributes"]
    assert dkim["SigningAttributesOrigin"] == "EXTERNAL" and dkim["Tokens"] == ["sel1"] and "NextSigningKeyLength" not in dkim
    assert "TUlJQ2Vn" not in json.dumps(ses.get_email_identity(EmailIdentity="example.com"), default=str)
    answer = ses.put_email_identity_dkim_signing_attributes(EmailIdentity="example.com", SigningAttributesOrigin="AWS_SES",
                                                            SigningAttributes={"NextSigningKeyLength": "RSA_1024_BIT"})
    assert answer["DkimTokens"] == easy_tokens
    dkim = ses.get_email_identity(EmailIdentity="example.com")["DkimAttributes"]
    assert dkim["SigningAttributesOrigin"] == "AWS_SES" and dkim["NextSigningKeyLength"] == "RSA_1024_BIT"
    code, message = refused(lambda: ses.put_email_identity_dkim_signing_attributes(EmailIdentity="example.com",
                                                                                  SigningAttributesOrigin="EXTERNAL"))
    assert code == "BadRequestException" and "DomainSigningSelector" in message
    code, message = refused(lambda: ses.put_email_identity_dkim_signing_attributes(EmailIdentity="solo@other.test",
                                                                                  SigningAttributesOrigin="AWS_SES"))
    assert code == "BadRequestException" and "domain identities only" in message
    assert refused(lambda: ses.put_email_identity_dkim_signing_attributes(
        EmailIdentity="example.com", SigningAttributesOrigin="EXTERNAL",
        SigningAttributes={"DomainSigningSelector": "bad selector!", "DomainSigningPrivateKey": "TUlJ"}))[0] == "BadRequestException"
    # BYODKIM given at creation.
    created = ses.create_email_identity(EmailIdentity="byo.test", DkimSigningAttributes={
        "DomainSigningSelector": "s2", "DomainSigningPrivateKey": "TUlJQ2Vn"})
    assert created["DkimAttributes"]["Tokens"] == ["s2"] and created["DkimAttributes"]["SigningAttributesOrigin"] == "EXTERNAL"
    assert ses.get_email_identity(EmailIdentity="byo.test")["DkimAttributes"]["Tokens"] == ["s2"]
    assert refused(lambda: ses.create_email_identity(EmailIdentity="a@byo2.test", DkimSigningAttributes={
        "DomainSigningSelector": "s2", "DomainSigningPrivateKey": "TUlJQ2Vn"}))[0] == "BadRequestException"
    assert refused(lambda: ses.put_email_identity_feedback_attributes(EmailIdentity="nobody.example",
                                                                      EmailForwardingEnabled=True)) == (
        "NotFoundException", "Email identity nobody.example does not exist.")


def test_policies(ses, tmp_path):
    ses.create_email_identity_policy(EmailIdentity="example.com", PolicyName="allow-app", Policy=POLICY)
    assert ses.get_email_identity_policies(EmailIdentity="example.com")["Policies"] == {"allow-app": POLICY}
    assert ses.get_email_identity(EmailIdentity="example.com")["Policies"] == {"allow-app": POLICY}
    assert refused(lambda: ses.create_email_identity_policy(EmailIdentity="example.com", PolicyName="allow-app",
                                                            Policy=POLICY))[0] == "AlreadyExistsException"
    for bad, expected in [("not json", "JSON object"), ("{}", "Statement"), ('{"Statement": [{"Effect": "Maybe"}]}', "Effect")]:
        code, message = refused(lambda: ses.create_email_identity_policy(EmailIdentity="example.com", PolicyName="p", Policy=bad))
        assert code == "BadRequestException" and expected in message, message
    assert refused(lambda: ses.create_email_identity_policy(EmailIdentity="example.com", PolicyName="bad name",
                                                            Policy=POLICY))[0] == "BadRequestException"
    changed = POLICY.replace("ses:SendEmail", "ses:SendRawEmail")
    ses.update_email_identity_policy(EmailIdentity="example.com", PolicyName="allow-app", Policy=changed)
    assert ses.get_email_identity_policies(EmailIdentity="example.com")["Policies"] == {"allow-app": changed}
    assert refused(lambda: ses.update_email_identity_policy(EmailIdentity="example.com", PolicyName="none", Policy=POLICY)) == (
        "NotFoundException", "Policy none does not exist for email identity example.com.")
    for i in range(19):
        ses.create_email_identity_policy(EmailIdentity="example.com", PolicyName=f"p{i}", Policy=POLICY)
    assert refused(lambda: ses.create_email_identity_policy(EmailIdentity="example.com", PolicyName="p20",
                                                            Policy=POLICY))[0] == "LimitExceededException"
    ses.delete_email_identity_policy(EmailIdentity="example.com", PolicyName="allow-app")
    assert "allow-app" not in ses.get_email_identity_policies(EmailIdentity="example.com")["Policies"]
    assert refused(lambda: ses.delete_email_identity_policy(EmailIdentity="example.com",
                                                            PolicyName="allow-app"))[0] == "NotFoundException"
    out = run_aws(["sesv2", "get-email-identity-policies", "--email-identity", "example.com",
                   "--endpoint-url", ses.meta.endpoint_url], tmp_path, {"AWS_DEFAULT_REGION": "us-east-1"})
    assert out.returncode == 0, out.stderr
    assert len(json.loads(out.stdout)["Policies"]) == 19


def configuration_set_of(server, message_id: str) -> str | None:
    response = control(server, "GET", "/_emulator/events?messageId=" + urllib.parse.quote(message_id))
    return response.json()["events"][0].get("configurationSet")


def test_the_default_configuration_set_of_an_identity_is_used_by_sends_that_name_none(server, ses):
    ses.create_configuration_set(ConfigurationSetName="default-set")
    ses.create_configuration_set(ConfigurationSetName="other")
    ses.put_email_identity_configuration_set_attributes(EmailIdentity="example.com", ConfigurationSetName="default-set")
    assert ses.get_email_identity(EmailIdentity="example.com")["ConfigurationSetName"] == "default-set"

    def send(sender="a@example.com", **extra):
        return ses.send_email(FromEmailAddress=sender, Destination={"ToAddresses": ["x@gmail.com"]},
                              Content={"Simple": {"Subject": {"Data": "s"}, "Body": {"Text": {"Data": "t"}}}}, **extra)["MessageId"]

    assert configuration_set_of(server, send()) == "default-set"
    assert configuration_set_of(server, send(ConfigurationSetName="other")) == "other"
    assert configuration_set_of(server, send("solo@other.test")) is None
    # Its settings apply: paused, the sends through it are refused.
    ses.put_configuration_set_sending_options(ConfigurationSetName="default-set", SendingEnabled=False)
    assert refused(send)[0] == "SendingPausedException"
    assert configuration_set_of(server, send(ConfigurationSetName="other")) == "other"
    # A default that was deleted is not used.
    ses.delete_configuration_set(ConfigurationSetName="default-set")
    assert configuration_set_of(server, send()) is None
    ses.put_email_identity_configuration_set_attributes(EmailIdentity="example.com", ConfigurationSetName="other")
    assert configuration_set_of(server, send()) == "other"
    ses.put_email_identity_configuration_set_attributes(EmailIdentity="example.com")
    assert "ConfigurationSetName" not in ses.get_email_identity(EmailIdentity="example.com")
    assert configuration_set_of(server, send()) is None
    assert refused(lambda: ses.put_email_identity_configuration_set_attributes(
        EmailIdentity="example.com", ConfigurationSetName="none")) == ("NotFoundException", "Configuration set none does not exist.")
    # The same default given at creation.
    ses.create_email_identity(EmailIdentity="third.test", ConfigurationSetName="other")
    assert configuration_set_of(server, send("a@third.test")) == "other"
