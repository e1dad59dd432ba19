"""Helpers for the end-to-end suite: the real binary, started on port 0, stopped by pid.

SES_EMULATOR_BIN must name the built binary (the Makefile passes the debug build); this suite
builds nothing.
"""
from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import socket
import threading
import time
import uuid
import weakref
from pathlib import Path

import pytest

from recount import Recount, load_ndjson

HERE = Path(__file__).resolve().parent
START_TIMEOUT = 30.0
STOP_TIMEOUT = 10.0
LISTENING = re.compile(r"^ses-metrics-emulator listening on (http://(127\.\d+\.\d+\.\d+):(\d+))\n$")

# The generated data set: a few identities and configuration sets over 40 days.
GEN_SEED = 20261
GEN_START = "2026-09-01"
GEN_DAYS = 40
IDENTITIES = ["alpha.example", "beta.example", "gamma.example"]
CONFIG_SETS = ["marketing", "transactional"]
TENANTS = ["acme", "globex"]
DAILY_SENDS = 120


def binary_path() -> str:
    path = os.environ.get("SES_EMULATOR_BIN", "")
    if not path:
        pytest.exit(
            "SES_EMULATOR_BIN is not set: point it at the built binary, e.g. "
            "SES_EMULATOR_BIN=$PWD/.build/debug/ses-metrics-emulator (this suite builds nothing)",
            returncode=4,
        )
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        pytest.exit(f"SES_EMULATOR_BIN={path!r} is not an executable file", returncode=4)
    return path


def clean_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment without any SES_EMULATOR_* option variable (they would change the server)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SES_EMULATOR_")}
    env.update(extra or {})
    return env


def run_cli(args: list[str], timeout: float = 60.0, env: dict[str, str] | None = None,
            stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([binary_path(), *args], input=stdin, capture_output=True,
                          timeout=timeout, env=clean_env(env))


class Server:
    """One `serve` process on 127.0.0.1 (or another loopback address given with --host), port 0;
    stderr drained into memory by a thread."""

    def __init__(self, args: list[str], env: dict[str, str] | None = None, tmp: Path | None = None):
        # Quotas off unless a test is about them: a matrix of calls would otherwise be throttled.
        if not any(a.startswith("--rate-limit") for a in args) and "SES_EMULATOR_RATE_LIMIT" not in (env or {}):
            args = [*args, "--rate-limit", "off"]
        self.args = args
        self.proc = subprocess.Popen(
            [binary_path(), "serve", *args],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            env=clean_env(env),
        )
        self.stderr_chunks: list[bytes] = []
        self._stderr_thread = threading.Thread(target=self._drain, args=(self.proc.stderr, self.stderr_chunks),
                                               daemon=True)
        self._stderr_thread.start()
        self.first_line = self._read_first_line()
        match = LISTENING.match(self.first_line)
        if not match:
            self.stop(check=False)
            raise AssertionError(f"serve {args} did not print the listening line; stdout line "
                                 f"{self.first_line!r}, stderr:\n{self.stderr}")
        self.url = match.group(1)
        self.host = match.group(2)
        self.port = int(match.group(3))
        self.extra_stdout: list[bytes] = []
        self._stdout_thread = threading.Thread(target=self._drain, args=(self.proc.stdout, self.extra_stdout),
                                               daemon=True)
        self._stdout_thread.start()

    @staticmethod
    def _drain(stream, sink):
        for chunk in iter(lambda: stream.read1(65536), b""):
            sink.append(chunk)

    def _read_first_line(self) -> str:
        box: list[bytes] = []
        reader = threading.Thread(target=lambda: box.append(self.proc.stdout.readline()), daemon=True)
        reader.start()
        reader.join(START_TIMEOUT)
        if reader.is_alive():
            self.stop(check=False)
            raise AssertionError(f"serve {self.args} printed no line within {START_TIMEOUT}s; stderr:\n{self.stderr}")
        return box[0].decode("utf-8", "replace")

    @property
    def stderr(self) -> str:
        return b"".join(self.stderr_chunks).decode("utf-8", "replace")

    def wait_for_stderr(self, text: str, timeout: float = 5.0) -> str:
        """stderr once it contains `text` (the drain thread may lag behind the listening line)."""
        deadline = time.monotonic() + timeout
        while text not in self.stderr and time.monotonic() < deadline:
            time.sleep(0.02)
        assert text in self.stderr, f"{text!r} not in stderr:\n{self.stderr}"
        return self.stderr

    def stop(self, check: bool = True) -> int | None:
        """SIGTERM, wait; SIGKILL if it hangs. With check, assert the exit status is 0."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(STOP_TIMEOUT)
                if check:
                    raise AssertionError(f"serve did not exit within {STOP_TIMEOUT}s of SIGTERM")
        self._stderr_thread.join(2)
        code = self.proc.returncode
        if check:
            assert code == 0, f"serve exited {code} after SIGTERM; stderr:\n{self.stderr[-4000:]}"
        return code

    def health(self) -> dict:
        import http.client
        conn = http.client.HTTPConnection(self.host, self.port, timeout=10)
        try:
            conn.request("GET", "/_emulator/health")
            resp = conn.getresponse()
            body = resp.read()
            assert resp.status == 200, (resp.status, body)
            return json.loads(body)
        finally:
            conn.close()


# Hand-written events appended after the generated ones: the semantics' corner cases, on days after the
# generated range (with gaps), plus two that reach back into it.
def edge_events() -> list[dict]:
    a, b = IDENTITIES[0], IDENTITIES[1]
    m, t = CONFIG_SETS
    return [
        # the first OPEN of a message counts on its own day; a later one on an earlier day never does
        {"type": "OPEN", "timestamp": "2026-10-20T10:00:00Z", "emailIdentity": a, "configurationSet": m,
         "isp": "Hotmail", "messageId": "e2e-m1"},
        {"type": "OPEN", "timestamp": "2026-09-15T10:00:00Z", "emailIdentity": a, "configurationSet": m,
         "isp": "Hotmail", "messageId": "e2e-m1"},
        {"type": "CLICK", "timestamp": "2026-10-22T23:59:59.999Z", "emailIdentity": a, "configurationSet": m,
         "isp": "Hotmail", "messageId": "e2e-m1"},
        {"type": "CLICK", "timestamp": "2026-10-22T00:00:00Z", "emailIdentity": a, "configurationSet": m,
         "isp": "Hotmail", "messageId": "e2e-m1"},
        # an offset that moves the event to the previous UTC day (23:30Z on the 20th)
        {"type": "DELIVERY", "timestamp": "2026-10-21T01:30:00+02:00", "emailIdentity": a, "isp": "Hotmail",
         "messageId": "e2e-m3", "openTracking": True, "clickTracking": True},
        # epoch seconds, integer and fraction: 2026-10-20T00:00:00Z and 2026-10-22T12:00:00.25Z
        {"type": "SEND", "timestamp": 1792454400, "emailIdentity": a, "isp": "Gmail", "messageId": "e2e-m3"},
        {"type": "SEND", "timestamp": 1792670400.25, "emailIdentity": b, "configurationSet": t, "isp": "Yahoo"},
        # a simulator OPEN is the message's first OPEN: it counts nowhere, and the later real one neither
        {"type": "OPEN", "timestamp": "2026-10-25T08:00:00Z", "emailIdentity": b, "configurationSet": t,
         "isp": "Gmail", "messageId": "e2e-m2", "mailboxSimulator": True},
        {"type": "OPEN", "timestamp": "2026-10-22T08:00:00Z", "emailIdentity": b, "configurationSet": t,
         "isp": "Gmail", "messageId": "e2e-m2"},
        # multi-recipient mail counts in no metric (2026-10-25 holds only excluded events)
        {"type": "DELIVERY", "timestamp": "2026-10-25T09:00:00Z", "emailIdentity": b, "configurationSet": t,
         "isp": "Yahoo", "recipientCount": 3, "openTracking": True},
        {"type": "SEND", "timestamp": "2026-10-25T09:00:00Z", "emailIdentity": b, "isp": "Yahoo",
         "mailboxSimulator": True},
        # suppression list: excluded from PERMANENT_BOUNCE and COMPLAINT, not from TRANSIENT_BOUNCE
        {"type": "PERMANENT_BOUNCE", "timestamp": "2026-10-22T01:00:00Z", "emailIdentity": b, "isp": "Aol",
         "suppressionList": True},
        {"type": "PERMANENT_BOUNCE", "timestamp": "2026-10-22T02:00:00Z", "emailIdentity": b, "isp": "Aol"},
        {"type": "COMPLAINT", "timestamp": "2026-10-22T03:00:00Z", "emailIdentity": b, "isp": "Aol",
         "suppressionList": True},
        {"type": "COMPLAINT", "timestamp": "2026-10-22T04:00:00Z", "emailIdentity": b, "isp": "Aol",
         "suppressionList": False, "configurationSet": None},
        {"type": "TRANSIENT_BOUNCE", "timestamp": "2026-10-22T05:00:00Z", "emailIdentity": b, "isp": "Aol",
         "suppressionList": True},
        # OPEN/CLICK without messageId: each counts; tracking flags do not matter for them
        {"type": "OPEN", "timestamp": "2026-10-20T11:00:00Z", "emailIdentity": a, "isp": "Gmx"},
        {"type": "OPEN", "timestamp": "2026-10-20T12:00:00Z", "emailIdentity": a, "isp": "Gmx",
         "openTracking": False},
        {"type": "CLICK", "timestamp": "2026-10-20T13:00:00Z", "emailIdentity": a, "isp": "Gmx"},
        # deliveries: FBL vs. not, tracking flags
        {"type": "DELIVERY", "timestamp": "2026-10-22T06:00:00Z", "emailIdentity": a, "configurationSet": m,
         "isp": "Gmail", "openTracking": True},
        {"type": "DELIVERY", "timestamp": "2026-10-22T07:00:00Z", "emailIdentity": a, "configurationSet": m,
         "isp": "Comcast", "clickTracking": True, "recipientCount": 1},
    ]


def write_ndjson(path: Path, events: list[dict]) -> None:
    path.write_text("".join(json.dumps(e, separators=(",", ":")) + "\n" for e in events))


class DataSet:
    def __init__(self, path: Path, events: list[dict], generated_count: int):
        self.path = path
        self.events = events
        self.generated_count = generated_count
        self.recount = Recount(events)


def aws_cli_env(tmp_path: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of an isolated aws CLI run: none of the caller's AWS_* variables, test
    credentials, an empty config file, no pager, one attempt, UTC."""
    config = tmp_path / "aws-config"
    if not config.exists():
        config.write_text("[default]\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update({"AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test", "AWS_CONFIG_FILE": str(config),
                "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "no-credentials"), "AWS_PAGER": "",
                "AWS_MAX_ATTEMPTS": "1", "TZ": "UTC"})
    env.update(extra or {})
    return env


def run_aws(args: list[str], tmp_path: Path, extra_env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(["aws", *args], capture_output=True, timeout=60, env=aws_cli_env(tmp_path, extra_env))


def make_client(url: str, validate: bool = True, service: str = "sesv2"):
    """A boto3 client of the emulator: SESv2, or SES v1 with `service="ses"`."""
    import boto3
    from botocore.config import Config
    return boto3.client(
        service, endpoint_url=url, region_name="us-east-1",
        aws_access_key_id="test", aws_secret_access_key="test",
        config=Config(retries={"max_attempts": 1, "mode": "standard"}, connect_timeout=5, read_timeout=20,
                      parameter_validation=validate),
    )



BATCH_PATH = "/v2/email/metrics/batch"
ERROR_TYPE_BAD_REQUEST = "BadRequestException:http://internal.amazon.com/coral/com.amazonaws.sesv2/"


class RawResponse:
    def __init__(self, status: int, reason: str, headers: list[tuple[str, str]], body: bytes):
        self.status = status
        self.reason = reason
        self.header_list = headers
        self.body = body

    def header(self, name: str) -> str | None:
        for key, value in self.header_list:
            if key.lower() == name.lower():
                return value
        return None

    def json(self):
        return json.loads(self.body)

    def __repr__(self):
        return f"<{self.status} {self.reason} {self.header_list} {self.body[:300]!r}>"


# Bytes read past the end of a response, per socket: pipelined responses often arrive in one recv,
# and the next read_response on that socket must start with them.
_leftover: "weakref.WeakKeyDictionary[socket.socket, bytes]" = weakref.WeakKeyDictionary()


def read_response(sock: socket.socket, head_request: bool = False) -> RawResponse:
    """Read one HTTP/1.1 response (Content-Length or chunked) from a blocking socket with a timeout."""
    buf = _leftover.pop(sock, b"")
    while b"\r\n\r\n" not in buf:
        chunk = sock.recv(65536)
        if not chunk:
            raise AssertionError(f"connection closed before the response head: {buf!r}")
        buf += chunk
    head, rest = buf.split(b"\r\n\r\n", 1)
    lines = head.decode("latin-1").split("\r\n")
    version, status, *reason = lines[0].split(" ", 2)
    assert version == "HTTP/1.1", lines[0]
    headers = []
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers.append((name.strip(), value.strip()))
    resp = RawResponse(int(status), reason[0] if reason else "", headers, b"")
    status_code = int(status)
    if head_request or status_code in (204, 304) or 100 <= status_code < 200:
        _keep(sock, rest)
        return resp
    if (resp.header("Transfer-Encoding") or "").lower() == "chunked":
        body = b""
        while True:
            while b"\r\n" not in rest:
                rest += _recv(sock)
            size_line, rest = rest.split(b"\r\n", 1)
            size = int(size_line.split(b";")[0], 16)
            while len(rest) < size + 2:
                rest += _recv(sock)
            body += rest[:size]
            rest = rest[size + 2:]
            if size == 0:
                break
        resp.body = body
        _keep(sock, rest)
        return resp
    length = resp.header("Content-Length")
    if length is None:
        while True:  # read to close
            chunk = sock.recv(65536)
            if not chunk:
                break
            rest += chunk
        resp.body = rest
        return resp
    while len(rest) < int(length):
        rest += _recv(sock)
    resp.body = rest[: int(length)]
    _keep(sock, rest[int(length):])
    return resp


def _keep(sock: socket.socket, rest: bytes) -> None:
    if rest:
        _leftover[sock] = rest
    else:
        _leftover.pop(sock, None)


def _recv(sock: socket.socket) -> bytes:
    chunk = sock.recv(65536)
    if not chunk:
        raise AssertionError("connection closed in the middle of a response body")
    return chunk


def raw_exchange(port: int, data: bytes, timeout: float = 10.0, head_request: bool = False) -> RawResponse:
    """Send bytes verbatim over a fresh loopback connection and read one response."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(data)
        return read_response(sock, head_request=head_request)


def http_request(port: int, method: str, path: str, body: bytes | str | None = None,
                 headers: dict[str, str] | None = None, timeout: float = 10.0) -> RawResponse:
    """A well-formed HTTP/1.1 request with exactly the given headers (plus Host, Content-Length, close)."""
    if isinstance(body, str):
        body = body.encode()
    lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{port}"]
    for key, value in (headers or {}).items():
        lines.append(f"{key}: {value}")
    if body is not None:
        lines.append(f"Content-Length: {len(body)}")
    lines.append("Connection: close")
    data = ("\r\n".join(lines) + "\r\n\r\n").encode() + (body or b"")
    return raw_exchange(port, data, timeout=timeout, head_request=(method == "HEAD"))


def control(server, method: str, path: str, body=None, content_type: str = "application/json"):
    """A control-API call: a dict or list body is sent as JSON, with `content_type` when there is a body."""
    headers = {}
    if body is not None and not isinstance(body, (bytes, str)):
        body = json.dumps(body)
    if body is not None:
        headers["Content-Type"] = content_type
    return http_request(server.port, method, path, body, headers)


def post_batch(port: int, body, headers: dict[str, str] | None = None) -> RawResponse:
    """POST the batch path with Content-Type: application/json unless headers say otherwise."""
    if not isinstance(body, (str, bytes)):
        body = json.dumps(body)
    all_headers = {"Content-Type": "application/json"}
    all_headers.update(headers or {})
    all_headers = {k: v for k, v in all_headers.items() if v is not None}
    return http_request(port, "POST", BATCH_PATH, body, all_headers)


def assert_request_id(resp: RawResponse) -> None:
    request_id = resp.header("x-amzn-RequestId")
    assert request_id, f"no x-amzn-RequestId in {resp!r}"
    uuid.UUID(request_id)  # raises if it is not a UUID
    assert resp.header("Date"), f"no Date header in {resp!r}"


def assert_bad_request(resp: RawResponse, code: str = "BadRequestException") -> str:
    """A 400 (BadRequestException unless `code` says otherwise) in SESv2's wire form; returns the message."""
    assert resp.status == 400, resp
    assert resp.header("x-amzn-ErrorType") == ERROR_TYPE_BAD_REQUEST.replace("BadRequestException", code), resp
    assert (resp.header("Content-Type") or "").split(";")[0].strip().lower() == "application/json", resp
    assert_request_id(resp)
    body = resp.json()
    assert isinstance(body, dict) and isinstance(body.get("message"), str) and body["message"], resp
    return body["message"]


def query(qid: str, metric: str, start: int, end: int, dims: dict | None = None) -> dict:
    """A query as JSON on the wire (epoch seconds)."""
    q = {"Id": qid, "Namespace": "VDM", "Metric": metric, "StartDate": start, "EndDate": end}
    if dims is not None:
        q["Dimensions"] = dims
    return q


def exchange_until_close(port: int, data: bytes | list[bytes], timeout: float = 10.0, pause: float = 0.0,
                         half_close: bool = True) -> bytes:
    """Send bytes verbatim (a list: one send each, `pause` s apart), half-close unless told not to,
    and return everything the server sends until it closes (a reset ends it too)."""
    parts = [data] if isinstance(data, bytes) else data
    received = b""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        deadline = time.monotonic() + timeout
        try:
            for i, part in enumerate(parts):
                if i and pause:
                    time.sleep(pause)
                sock.sendall(part)
            if half_close:
                sock.shutdown(socket.SHUT_WR)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server closed early (after an error): what it sent is still readable below
        while time.monotonic() < deadline:
            try:
                chunk = sock.recv(65536)
            except ConnectionResetError:
                break
            except socket.timeout:
                raise AssertionError(f"server did not close within {timeout}s; got {received[:500]!r}")
            if not chunk:
                break
            received += chunk
    return received


def parse_responses(blob: bytes) -> list[RawResponse]:
    """Split a byte stream into the HTTP/1.1 responses in it (interim 1xx ones included);
    fails on trailing bytes that are not a complete response."""
    out: list[RawResponse] = []
    rest = blob
    while rest:
        assert b"\r\n\r\n" in rest, f"incomplete response head after {len(out)} responses: {rest[:300]!r}"
        head, rest = rest.split(b"\r\n\r\n", 1)
        lines = head.decode("latin-1").split("\r\n")
        version, status, *reason = lines[0].split(" ", 2)
        assert version == "HTTP/1.1", lines[0]
        headers = [(n.strip(), v.strip()) for n, _, v in (line.partition(":") for line in lines[1:])]
        resp = RawResponse(int(status), reason[0] if reason else "", headers, b"")
        if not 100 <= resp.status < 200 and resp.status not in (204, 304):
            length = int(resp.header("Content-Length") or 0)
            assert len(rest) >= length, f"truncated body in {resp!r}"
            resp.body, rest = rest[:length], rest[length:]
        out.append(resp)
    return out


def refused(call) -> tuple[str, str]:
    """The (code, message) of the ClientError an SDK call raises; fails when it raises none."""
    from botocore.exceptions import ClientError
    with pytest.raises(ClientError) as info:
        call()
    error = info.value.response["Error"]
    return error["Code"], error["Message"]
