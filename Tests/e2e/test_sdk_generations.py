"""Both SDK generations against one server: `make test` runs this file (with the other boto3-driven
files) under the pinned current boto3 and again under the older one (the Makefile names both).
Each client sends the route its own model binds, and both see the same state."""
from __future__ import annotations

import shutil

import botocore
import pytest

from support import control, make_client, run_aws


@pytest.fixture
def ses(start_server):
    server = start_server(["--port", "0", "--seed-data", "/dev/null"])
    return server, make_client(server.url)


def sent(server, operation: str) -> list[tuple[str, str]]:
    log = control(server, "GET", "/_emulator/requests").json()["requests"]
    return [(r["method"], r["path"]) for r in log if r.get("operation") == operation]


def binding(client, operation: str) -> tuple[str, str]:
    http = client.meta.service_model.operation_model(operation).http
    return http["method"], http["requestUri"]


def test_lists_answer_on_the_route_this_sdk_sends(ses):
    server, client = ses
    for name in ["b.test", "a@b.test", "other.example"]:
        client.create_email_identity(EmailIdentity=name)
    for name in ["marketing-eu", "billing"]:
        client.create_configuration_set(ConfigurationSetName=name)
    assert [i["IdentityName"] for i in client.list_email_identities()["EmailIdentities"]] == [
        "a@b.test", "b.test", "other.example"]
    assert client.list_configuration_sets()["ConfigurationSets"] == ["billing", "marketing-eu"]
    first = client.list_email_identities(PageSize=2)
    rest = client.list_email_identities(PageSize=2, NextToken=first["NextToken"])
    assert [i["IdentityName"] for p in (first, rest) for i in p["EmailIdentities"]] == ["a@b.test", "b.test", "other.example"]
    assert "NextToken" not in rest
    method, uri = binding(client, "ListEmailIdentities")
    assert set(sent(server, "ListEmailIdentities")) == {(method, uri)}
    assert set(sent(server, "ListConfigurationSets")) == {binding(client, "ListConfigurationSets")}
    if botocore.__version__ >= "1.44":
        assert (method, uri) == ("POST", "/v2/email/list-identities")
    else:
        assert (method, uri) == ("GET", "/v2/email/identities")


def test_filters_where_this_sdk_has_them(ses):
    server, client = ses
    for name in ["b.test", "a@b.test", "other.example"]:
        client.create_email_identity(EmailIdentity=name)
    client.create_configuration_set(ConfigurationSetName="marketing-eu")
    client.create_configuration_set(ConfigurationSetName="billing")
    members = client.meta.service_model.operation_model("ListEmailIdentities").input_shape.members
    if "Filter" not in members:
        pytest.skip(f"botocore {botocore.__version__}'s model has no Filter on ListEmailIdentities")
    got = client.list_email_identities(Filter={"IDENTITY_NAME_CONTAINS": "b.test", "IDENTITY_TYPE": "DOMAIN"})
    assert [i["IdentityName"] for i in got["EmailIdentities"]] == ["b.test"]
    got = client.list_configuration_sets(Filter={"CONFIGURATION_SET_NAME_CONTAINS": "MARKETING"})
    assert got["ConfigurationSets"] == ["marketing-eu"]


@pytest.mark.skipif(shutil.which("aws") is None, reason="the aws CLI is not installed")
def test_the_aws_cli_lists_on_its_own_route(ses, tmp_path):
    server, client = ses
    client.create_email_identity(EmailIdentity="cli.test")
    result = run_aws(["sesv2", "list-email-identities", "--endpoint-url", server.url, "--region", "us-east-1",
                      "--output", "json"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert b'"IdentityName": "cli.test"' in result.stdout
    assert sent(server, "ListEmailIdentities")
