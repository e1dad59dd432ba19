"""Strict SigV4 mode (`serve --auth sigv4 --credentials FILE`) driven by boto3, the aws CLI and raw
http.client replays: right signatures pass, every kind of wrong one gets AWS's 403 and makes boto3
raise a ClientError with AWS's code.
"""
from __future__ import annotations

import datetime
import hashlib
import http.client
import json
import os
import re
import subprocess
import urllib.parse
from pathlib import Path
from unittest import mock

import boto3
import botocore
import botocore.auth
import pytest
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials
from botocore.exceptions import ClientError

from support import Server, run_cli

AKID, SECRET = "AKIDSIGV4TEST", "sigv4-test-secret/+="
TEMP_AKID, TEMP_SECRET, TOKEN = "ASIASIGV4TEMP", "temp-secret", "FwoGZXIvYXdzEXAMPLETOKEN//+=="
QUERIES = [{"Id": "q1", "Namespace": "VDM", "Metric": "SEND", "StartDate": 1730419200, "EndDate": 1730505600}]
BODY = json.dumps({"Queries": QUERIES}).encode()
BATCH_PATH = "/v2/email/metrics/batch"
NO_RETRIES = Config(retries={"max_attempts": 1, "mode": "standard"})


class Emulator(Server):
    """support.Server (port 0, quotas off, SIGTERM at the end) plus exact raw requests."""

    def __init__(self, args: list[str], env: dict[str, str] | None = None):
        super().__init__(["--host", "127.0.0.1", "--port", "0", *args], env=env)
        self.netloc = f"{self.host}:{self.port}"

    def raw(self, method: str, target: str, headers: dict[str, str], body: bytes = b"") -> tuple[int, dict[str, str], dict]:
        """Sends exactly these headers and body (http.client adds nothing it is told not to)."""
        conn = http.client.HTTPConnection(self.host, self.port, timeout=10)
        try:
            conn.putrequest(method, target, skip_host=True, skip_accept_encoding=True)
            for name, value in headers.items():
                conn.putheader(name, value)
            if "Content-Length" not in headers:
                conn.putheader("Content-Length", str(len(body)))
            conn.endheaders(body)
            response = conn.getresponse()
            data = response.read()
            return response.status, {k.lower(): v for k, v in response.getheaders()}, json.loads(data) if data else {}
        finally:
            conn.close()


@pytest.fixture(scope="module")
def credentials_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("sigv4") / "credentials.json"
    path.write_text(json.dumps({AKID: SECRET, TEMP_AKID: {"secret": TEMP_SECRET, "sessionToken": TOKEN}}))
    return path


@pytest.fixture(scope="module")
def emulator(credentials_file):
    server = Emulator(["--auth", "sigv4", "--credentials", str(credentials_file), "--rate-limit", "off"])
    yield server
    server.stop(check=True)


def client(emulator, akid=AKID, secret=SECRET, token=None, config=NO_RETRIES, region="us-east-1"):
    return boto3.client("sesv2", endpoint_url=emulator.url, region_name=region, aws_access_key_id=akid,
                        aws_secret_access_key=secret, aws_session_token=token, config=config)


def error_of(call) -> tuple[str, str, int]:
    with pytest.raises(ClientError) as raised:
        call()
    error = raised.value.response
    return error["Error"]["Code"], error["Error"]["Message"], error["ResponseMetadata"]["HTTPStatusCode"]


def signed_headers(emulator, body: bytes = BODY, secret: str = SECRET, when: datetime.datetime | None = None,
                   extra: dict[str, str] | None = None) -> dict[str, str]:
    """The headers botocore's SigV4Auth puts on a BatchGetMetricData request, optionally at another time."""
    request = AWSRequest(method="POST", url=emulator.url + BATCH_PATH, data=body,
                         headers={"Content-Type": "application/json", **(extra or {})})
    signer = botocore.auth.SigV4Auth(Credentials(AKID, secret), "ses", "us-east-1")
    if when is None:
        signer.add_auth(request)
    else:
        with mock.patch.object(botocore.auth, "get_current_datetime", return_value=when):
            signer.add_auth(request)
    headers = dict(request.headers)
    headers["Host"] = emulator.netloc
    return headers


def utcnow() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)


# -- passing ---------------------------------------------------------------------------------------

def test_boto3_with_the_right_secret_passes(emulator):
    response = client(emulator).batch_get_metric_data(Queries=QUERIES)
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert [r["Id"] for r in response["Results"]] == ["q1"]


def test_boto3_any_region_passes(emulator):
    assert client(emulator, region="ap-southeast-2").batch_get_metric_data(Queries=QUERIES)["Results"]


def test_boto3_with_session_token_passes(emulator):
    response = client(emulator, TEMP_AKID, TEMP_SECRET, TOKEN).batch_get_metric_data(Queries=QUERIES)
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200


def test_aws_cli_with_the_right_secret_passes(emulator, tmp_path):
    result = aws_cli(emulator, tmp_path, SECRET)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["Results"][0]["Id"] == "q1"


def test_aws_cli_with_a_wrong_secret_fails(emulator, tmp_path):
    result = aws_cli(emulator, tmp_path, "wrong")
    assert result.returncode != 0
    assert "(InvalidSignatureException)" in result.stderr, result.stderr


def aws_cli(emulator, tmp_path, secret):
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(AWS_ACCESS_KEY_ID=AKID, AWS_SECRET_ACCESS_KEY=secret, AWS_DEFAULT_REGION="us-east-1",
               AWS_CONFIG_FILE=str(tmp_path / "none"), AWS_SHARED_CREDENTIALS_FILE=str(tmp_path / "none"),
               AWS_MAX_ATTEMPTS="1")
    return subprocess.run(["aws", "sesv2", "batch-get-metric-data", "--endpoint-url", emulator.url,
                           "--queries", json.dumps(QUERIES)], env=env, capture_output=True, text=True, timeout=120)


def test_presigned_url_passes(emulator):
    """botocore's SigV4QueryAuth; the payload hash is the body's, since SES is not S3."""
    class BodyQueryAuth(botocore.auth.SigV4QueryAuth):
        def payload(self, request):
            return hashlib.sha256(BODY).hexdigest()

    request = AWSRequest(method="POST", url=emulator.url + BATCH_PATH, headers={"Content-Type": "application/json"})
    BodyQueryAuth(Credentials(AKID, SECRET), "ses", "eu-central-1", expires=300).add_auth(request)
    target = urllib.parse.urlsplit(request.url)
    path_and_query = f"{target.path}?{target.query}"
    assert "X-Amz-Signature=" in path_and_query and "Authorization" not in request.headers
    status, _, body = emulator.raw("POST", path_and_query,
                                   {"Host": emulator.netloc, "Content-Type": "application/json"}, BODY)
    assert status == 200, body
    assert body["Results"][0]["Id"] == "q1"
    # The same URL with another body is refused.
    status, headers, body = emulator.raw("POST", path_and_query, {"Host": emulator.netloc, "Content-Type": "application/json"},
                                         BODY.replace(b"SEND", b"OPEN"))
    assert (status, headers["x-amzn-errortype"].split(":")[0]) == (403, "InvalidSignatureException")


def test_expired_presigned_url_fails(emulator):
    request = AWSRequest(method="GET", url=emulator.url + "/v2/email/account")
    with mock.patch.object(botocore.auth, "get_current_datetime", return_value=utcnow() - datetime.timedelta(minutes=10)):
        botocore.auth.SigV4QueryAuth(Credentials(AKID, SECRET), "ses", "us-east-1", expires=60).add_auth(request)
    target = urllib.parse.urlsplit(request.url)
    status, headers, body = emulator.raw("GET", f"{target.path}?{target.query}", {"Host": emulator.netloc})
    assert (status, headers["x-amzn-errortype"].split(":")[0]) == (403, "InvalidSignatureException")
    assert body["message"].startswith("Signature expired: ")


# -- failing, through boto3 ------------------------------------------------------------------------

def test_wrong_secret_is_invalid_signature_with_the_canonical_string(emulator):
    code, message, status = error_of(lambda: client(emulator, secret="wrong").batch_get_metric_data(Queries=QUERIES))
    assert (code, status) == ("InvalidSignatureException", 403)
    assert message.startswith("The request signature we calculated does not match the signature you provided. "
                              "Check your AWS Secret Access Key and signing method. "
                              "Consult the service documentation for details.\n\n"
                              "The Canonical String for this request should have been\n'POST\n/v2/email/metrics/batch\n\n")
    assert f"\n{hashlib.sha256(BODY).hexdigest()}'\n\nThe String-to-Sign should have been\n'AWS4-HMAC-SHA256\n" in message
    assert message.endswith("'\n")


def test_unknown_key_is_unrecognized_client(emulator):
    code, message, status = error_of(lambda: client(emulator, "AKIDUNKNOWN", "x").batch_get_metric_data(Queries=QUERIES))
    assert (code, message, status) == ("UnrecognizedClientException", "The security token included in the request is invalid.", 403)


def test_missing_or_wrong_session_token_is_unrecognized_client(emulator):
    for token in (None, "not-the-token"):
        code, _, status = error_of(lambda: client(emulator, TEMP_AKID, TEMP_SECRET, token).batch_get_metric_data(Queries=QUERIES))
        assert (code, status) == ("UnrecognizedClientException", 403)


def test_missing_signature_is_missing_authentication_token(emulator):
    unsigned = Config(signature_version=botocore.UNSIGNED, retries={"max_attempts": 1, "mode": "standard"})
    code, message, status = error_of(lambda: client(emulator, config=unsigned).batch_get_metric_data(Queries=QUERIES))
    assert (code, message, status) == ("MissingAuthenticationTokenException", "Missing Authentication Token", 403)


def test_clock_ten_minutes_behind_is_signature_expired(emulator):
    with mock.patch.object(botocore.auth, "get_current_datetime", return_value=utcnow() - datetime.timedelta(minutes=10)):
        code, message, status = error_of(lambda: client(emulator).batch_get_metric_data(Queries=QUERIES))
    assert (code, status) == ("InvalidSignatureException", 403)
    assert re.fullmatch(r"Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 5 min\.\)", message), message


def test_clock_ten_minutes_ahead_is_not_yet_current(emulator):
    with mock.patch.object(botocore.auth, "get_current_datetime", return_value=utcnow() + datetime.timedelta(minutes=10)):
        code, message, status = error_of(lambda: client(emulator).batch_get_metric_data(Queries=QUERIES))
    assert (code, status) == ("InvalidSignatureException", 403)
    assert message.startswith("Signature not yet current: ")


def test_body_tampered_after_signing_is_invalid_signature(emulator):
    sesv2 = client(emulator)

    def tamper(request, **_):
        request.body = request.body.replace(b'"SEND"', b'"OPEN"')

    sesv2.meta.events.register("before-send.sesv2.BatchGetMetricData", tamper)
    code, message, status = error_of(lambda: sesv2.batch_get_metric_data(Queries=QUERIES))
    assert (code, status) == ("InvalidSignatureException", 403)
    assert hashlib.sha256(BODY.replace(b'"SEND"', b'"OPEN"')).hexdigest() in message


# -- failing, raw replays --------------------------------------------------------------------------

def test_replayed_request_passes_then_a_tampered_signed_header_fails(emulator):
    headers = signed_headers(emulator, extra={"X-Amz-Meta-Team": "billing"})
    assert "x-amz-meta-team" in headers["Authorization"]
    status, _, body = emulator.raw("POST", BATCH_PATH, headers, BODY)
    assert status == 200, body
    status, response_headers, body = emulator.raw("POST", BATCH_PATH, {**headers, "X-Amz-Meta-Team": "marketing"}, BODY)
    assert status == 403
    assert response_headers["x-amzn-errortype"].startswith("InvalidSignatureException:")
    assert "\nx-amz-meta-team:marketing\n" in body["message"]
    # An unsigned header may change.
    status, _, _ = emulator.raw("POST", BATCH_PATH, {**headers, "User-Agent": "replayer/1.0"}, BODY)
    assert status == 200


def test_raw_tampered_body_fails(emulator):
    headers = signed_headers(emulator)
    status, response_headers, _ = emulator.raw("POST", BATCH_PATH, headers, BODY.replace(b"q1", b"q2"))
    assert (status, response_headers["x-amzn-errortype"].split(":")[0]) == (403, "InvalidSignatureException")


def test_raw_expired_date_fails(emulator):
    headers = signed_headers(emulator, when=utcnow() - datetime.timedelta(minutes=10))
    status, response_headers, body = emulator.raw("POST", BATCH_PATH, headers, BODY)
    assert (status, response_headers["x-amzn-errortype"].split(":")[0]) == (403, "InvalidSignatureException")
    assert body["message"].startswith(f"Signature expired: {headers['X-Amz-Date']} is now earlier than ")


def test_auth_is_checked_before_validation(emulator):
    """An unsigned invalid request is refused for its missing signature, not its body."""
    status, headers, _ = emulator.raw("POST", BATCH_PATH, {"Host": emulator.netloc, "Content-Type": "text/plain"}, b"{")
    assert (status, headers["x-amzn-errortype"].split(":")[0]) == (403, "MissingAuthenticationTokenException")
    assert "x-amzn-requestid" in headers
    # Other SES operations (501 when signed) need a signature too.
    status, headers, _ = emulator.raw("GET", "/v2/email/account", {"Host": emulator.netloc})
    assert (status, headers["x-amzn-errortype"].split(":")[0]) == (403, "MissingAuthenticationTokenException")


def test_signed_unemulated_operation_gets_501(emulator):
    request = AWSRequest(method="GET", url=emulator.url + "/v2/email/no-such-operation")
    botocore.auth.SigV4Auth(Credentials(AKID, SECRET), "ses", "us-east-1").add_auth(request)
    status, _, _ = emulator.raw("GET", "/v2/email/no-such-operation", {**dict(request.headers), "Host": emulator.netloc})
    assert status == 501


def test_control_api_and_health_are_not_signed(emulator):
    for target in ("/_emulator/health", "/_localstack/health", "/_emulator/requests", "/_emulator/faults"):
        status, _, _ = emulator.raw("GET", target, {"Host": emulator.netloc})
        assert status == 200, target


def test_refused_requests_take_no_quota_and_are_logged(credentials_file):
    server = Emulator(["--auth", "sigv4", "--credentials", str(credentials_file), "--rate-limit", "1:10"])
    try:
        for _ in range(3):
            code, _, _ = error_of(lambda: client(server, secret="wrong").batch_get_metric_data(Queries=QUERIES))
            assert code == "InvalidSignatureException"
        # One call a second, bucket full at start: had the refusals taken tokens this would be a 429.
        assert client(server).batch_get_metric_data(Queries=QUERIES)["ResponseMetadata"]["HTTPStatusCode"] == 200
        status, _, log = server.raw("GET", "/_emulator/requests", {"Host": server.netloc})
        assert status == 200
        assert [(r["status"], r["accessKeyId"]) for r in log["requests"]][-4:] == [(403, AKID)] * 3 + [(200, AKID)]
    finally:
        server.stop(check=True)


# -- startup ---------------------------------------------------------------------------------------

def run_serve(args: list[str]) -> subprocess.CompletedProcess:
    result = run_cli(["serve", "--port", "0", *args], timeout=30)
    result.stderr = result.stderr.decode(errors="replace")
    return result


def test_sigv4_without_credentials_is_a_usage_error():
    result = run_serve(["--auth", "sigv4"])
    assert result.returncode == 64
    assert "--credentials" in result.stderr


def test_unknown_auth_mode_is_a_usage_error():
    result = run_serve(["--auth", "sigv2"])
    assert result.returncode == 64


@pytest.mark.parametrize("content", ["{not json", '{"AKID": 5}', "{}"])
def test_bad_credentials_file_exits_2_naming_it(tmp_path, content):
    path = tmp_path / "bad-credentials.json"
    path.write_text(content)
    result = run_serve(["--auth", "sigv4", "--credentials", str(path)])
    assert result.returncode == 2
    assert str(path) in result.stderr


def test_missing_credentials_file_exits_2_naming_it(tmp_path):
    path = tmp_path / "absent.json"
    result = run_serve(["--auth", "sigv4", "--credentials", str(path)])
    assert result.returncode == 2
    assert str(path) in result.stderr


def test_auth_from_environment(credentials_file):
    server = Emulator([], env={"SES_EMULATOR_AUTH": "sigv4", "SES_EMULATOR_CREDENTIALS": str(credentials_file)})
    try:
        unsigned = Config(signature_version=botocore.UNSIGNED, retries={"max_attempts": 1, "mode": "standard"})
        code, _, _ = error_of(lambda: client(server, config=unsigned).batch_get_metric_data(Queries=QUERIES))
        assert code == "MissingAuthenticationTokenException"
        assert client(server).batch_get_metric_data(Queries=QUERIES)["Results"]
    finally:
        server.stop(check=True)


def test_default_mode_accepts_any_signature():
    server = Emulator([])
    try:
        sesv2 = boto3.client("sesv2", endpoint_url=server.url, region_name="us-east-1", aws_access_key_id="anything",
                             aws_secret_access_key="whatever", config=NO_RETRIES)
        assert sesv2.batch_get_metric_data(Queries=QUERIES)["ResponseMetadata"]["HTTPStatusCode"] == 200
    finally:
        server.stop(check=True)
