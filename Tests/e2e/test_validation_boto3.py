"""Invalid input raises BadRequestException in boto3 (botocore's own validation switched off), with the
messages and in the check order the real service was observed to use."""
from __future__ import annotations

import datetime as dt
import uuid

import pytest

from recount import DAY, epoch_day

UTC = dt.timezone.utc
START = epoch_day("2026-09-01")


def q(qid="q1", metric="SEND", start=START, end=START + 7 * DAY, dims=None, namespace="VDM", **extra) -> dict:
    out = {"Id": qid, "Namespace": namespace, "Metric": metric,
           "StartDate": dt.datetime.fromtimestamp(start, UTC), "EndDate": dt.datetime.fromtimestamp(end, UTC)}
    if dims is not None:
        out["Dimensions"] = dims
    out.update(extra)
    return {k: v for k, v in out.items() if v is not None}


def bad_request(raw_client, queries) -> str:
    with pytest.raises(raw_client.exceptions.BadRequestException) as info:
        raw_client.batch_get_metric_data(Queries=queries)
    response = info.value.response
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert response["Error"]["Code"] == "BadRequestException"
    uuid.UUID(response["ResponseMetadata"]["RequestId"])
    message = response["Error"]["Message"]
    assert message
    return message


def ok(raw_client, queries) -> dict:
    response = raw_client.batch_get_metric_data(Queries=queries)
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    return response


METRIC_ENUM = ("[DELIVERY_COMPLAINT, CLICK, SEND, OPEN, COMPLAINT, DELIVERY, DELIVERY_OPEN, PERMANENT_BOUNCE, "
               "DELIVERY_CLICK, TRANSIENT_BOUNCE]")


def test_metric_enum_message_in_aws_style(raw_client):
    message = bad_request(raw_client, [q("a"), q("b", metric="BOUNCE")])
    assert message == ("1 validation error detected: Value at 'queries.2.member.metric' failed to satisfy constraint: "
                       "Member must satisfy enum value set: " + METRIC_ENUM)


def test_two_errors_are_counted(raw_client):
    message = bad_request(raw_client, [q("a", metric="BOUNCE"), q("b", namespace="XYZ")])
    assert message.startswith("2 validation errors detected: "), message
    assert "queries.1.member.metric" in message and "queries.2.member.namespace" in message, message
    assert "; " in message


@pytest.mark.parametrize("count", [0, 11])
def test_queries_count(raw_client, count):
    message = bad_request(raw_client, [q(f"q{i}") for i in range(count)])
    assert "queries" in message.lower(), message


def test_ten_queries_and_255_code_point_ids_are_fine(raw_client):
    ok(raw_client, [q(f"q{i}") for i in range(10)])
    response = ok(raw_client, [q("x" * 255), q("é" * 255), q("🙂" * 255)])
    assert [r["Id"] for r in response["Results"]] == ["x" * 255, "é" * 255, "🙂" * 255]


@pytest.mark.parametrize("qid", ["", "x" * 256, "é" * 256])
def test_id_length(raw_client, qid):
    message = bad_request(raw_client, [q(qid)])
    assert "queries.1.member.id" in message.lower(), message


def test_duplicate_ids(raw_client):
    message = bad_request(raw_client, [q("same"), q("other"), q("same", metric="OPEN")])
    assert "same" in message or "id" in message.lower(), message


def test_missing_id(raw_client):
    bad_request(raw_client, [q(None)])


@pytest.mark.parametrize("namespace", ["vdm", "VDM2", ""])
def test_namespace(raw_client, namespace):
    message = bad_request(raw_client, [q(namespace=namespace)])
    assert "queries.1.member.namespace" in message.lower(), message


def test_missing_namespace_and_metric(raw_client):
    bad_request(raw_client, [q(namespace=None)])
    bad_request(raw_client, [q(metric=None)])


@pytest.mark.parametrize("metric", ["send", "BOUNCE", "DELIVERY_OPENS", ""])
def test_metric_enum(raw_client, metric):
    message = bad_request(raw_client, [q(metric=metric)])
    assert "queries.1.member.metric" in message.lower(), message


@pytest.mark.parametrize("dims", [
    {"REGION": "us-east-1"},
    {"isp": "Gmail"},
    {"EMAIL_IDENTITY": "a", "CONFIGURATION_SET": "b", "ISP": "Gmail", "SENDER": "x"},
], ids=["unknown-key", "lowercase-key", "four-entries-one-unknown"])
def test_unknown_dimension_names(raw_client, dims):
    assert bad_request(raw_client, [q(dims=dims)]) == "Unsupported dimension provided."


@pytest.mark.parametrize("dims,bound", [
    ({}, "greater than or equal to 1"),
    ({"EMAIL_IDENTITY": "a", "CONFIGURATION_SET": "b", "ISP": "Gmail", "TENANT_NAME": "t"}, "less than or equal to 3"),
], ids=["zero-entries", "four-entries"])
def test_dimension_count(raw_client, dims, bound):
    assert bad_request(raw_client, [q(dims=dims)]) == (
        "1 validation error detected: Value at 'queries.1.member.dimensions' failed to satisfy constraint: "
        f"Member must have length {bound}")


@pytest.mark.parametrize("isp", ["Mail.ru", "AT&T", "", " Gmail", "Unknown ISP"])
def test_malformed_isp_names(raw_client, isp):
    assert bad_request(raw_client, [q(dims={"ISP": isp})]) == "Invalid ISP name provided."


def test_well_formed_isp_names_are_accepted_even_outside_the_catalog(raw_client):
    """The service checks the format, not membership: an unknown name gives an empty series."""
    names = ["Gmail", "Hotmail", "ExchangeOnline", "Yahoo", "Icloud", "Aol", "Comcast", "Gmx", "Tencent", "NetEase"]
    ok(raw_client, [q(f"i{i}", dims={"ISP": name}) for i, name in enumerate(names)])
    response = ok(raw_client, [q("star", dims={"ISP": "*"}), q("lower", dims={"ISP": "gmail"}),
                               q("new", dims={"ISP": "Some_New-ISP"})])
    empty = {r["Id"]: r["Values"] for r in response["Results"]}
    assert empty["lower"] == [] and empty["new"] == []


@pytest.mark.parametrize("identity", ["", " ", "a b.com", "@example.com", "someone@", "a@b@c"])
def test_malformed_email_identities(raw_client, identity):
    assert bad_request(raw_client, [q(dims={"EMAIL_IDENTITY": identity})]) == "Invalid email identity provided."


@pytest.mark.parametrize("name,message", [
    ("", "The configuration set name must be specified."),
    ("news.letter", "Invalid configuration set name news.letter: only alphanumeric ASCII characters, '_', and '-' are allowed."),
])
def test_configuration_set_names(raw_client, name, message):
    assert bad_request(raw_client, [q(dims={"CONFIGURATION_SET": name})]) == message


@pytest.mark.parametrize("name,message", [
    ("", "TenantName cannot be empty"),
    ("t 1", "Invalid tenant name t 1: only alphanumeric ASCII characters, '_', and '-' are allowed."),
])
def test_tenant_names(raw_client, name, message):
    assert bad_request(raw_client, [q(dims={"TENANT_NAME": name})]) == message


def test_a_tenant_nobody_sent_for_gives_an_empty_series(raw_client):
    """The data set's events have the tenants acme and globex only."""
    response = ok(raw_client, [q("t", dims={"TENANT_NAME": "tenant-1"})])
    assert response["Results"][0]["Values"] == []


def test_duplicate_id_outranks_a_date_error(raw_client):
    assert bad_request(raw_client, [q("a"), q("a", start=START + DAY, end=START)]) == \
        "All queries must have a unique identifier."


def test_an_identity_error_in_query_2_outranks_a_date_error_in_query_1(raw_client):
    assert bad_request(raw_client, [q("a", start=START + DAY, end=START), q("b", dims={"EMAIL_IDENTITY": "a b"})]) == \
        "Invalid email identity provided."


def test_member_constraints_outrank_dimension_values(raw_client):
    message = bad_request(raw_client, [q("a", dims={"ISP": "Mail.ru"}), q("b", metric="BOUNCE", namespace="XYZ")])
    assert message == ("2 validation errors detected: "
                       "Value at 'queries.2.member.metric' failed to satisfy constraint: Member must satisfy enum value set: "
                       + METRIC_ENUM + "; Value at 'queries.2.member.namespace' failed to satisfy constraint: "
                       "Member must satisfy enum value set: [VDM]")


def test_bad_isp_fails_the_whole_batch(raw_client):
    bad_request(raw_client, [q("good"), q("bad", dims={"ISP": "Mail.ru"}), q("good2")])


@pytest.mark.parametrize("start,end", [
    (START + 3600, START + 7 * DAY),
    (START, START + 7 * DAY + 1),
    (START + DAY - 1, START + 2 * DAY),
], ids=["start-not-midnight", "end-not-midnight", "start-one-second-before-midnight"])
def test_dates_must_be_midnights(raw_client, start, end):
    bad_request(raw_client, [q(start=start, end=end)])


@pytest.mark.parametrize("start,end", [(START, START), (START + DAY, START)], ids=["equal", "reversed"])
def test_start_before_end(raw_client, start, end):
    assert bad_request(raw_client, [q(start=start, end=end)]) == "Expected start date to be before the end date."


def test_default_max_range_is_60_days_as_at_aws(raw_client):
    ok(raw_client, [q(start=START - 60 * DAY, end=START)])
    assert bad_request(raw_client, [q(start=START - 61 * DAY, end=START)]) == \
        "Invalid interval, can request at most 60 days. Please partition your requested interval."


def test_the_whole_day_rule_shows_rfc3339_dates(raw_client):
    assert bad_request(raw_client, [q(start=START + 10 * 3600)]) == \
        "StartDate of query 'q1' must be a whole UTC day (midnight, 00:00:00Z); got 2026-09-01T10:00:00Z."


def test_missing_dates(raw_client):
    query = q()
    del query["StartDate"]
    bad_request(raw_client, [query])
    query = q()
    del query["EndDate"]
    bad_request(raw_client, [query])


def test_unknown_members_are_ignored(raw_client, server):
    """Unknown members pass through botocore only when it does not validate; the server ignores them."""
    import json
    from support import post_batch
    body = {"Queries": [{"Id": "u", "Namespace": "VDM", "Metric": "SEND", "StartDate": START,
                         "EndDate": START + DAY, "Color": "blue", "Dimensions": None}], "Extra": [1, 2]}
    resp = post_batch(server.port, json.dumps(body))
    assert resp.status == 200, resp
    assert [r["Id"] for r in resp.json()["Results"]] == ["u"]
