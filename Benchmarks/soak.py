#!/usr/bin/env python3
"""`make soak`: everything at once for the length of a CI job, then a recount.

A bounded, loopback-only mixed load on a `--database` file: SESv2 and SES v1 sends, bulk sends,
BatchGetMetricData with a new body each call, 500-event ingest batches, fault configurations
switched on and off, export jobs, the console's polling, suppression-list and v1 statistics calls.
Every 10 s it samples the server's RSS (anonymous and file), open descriptors, threads and the p99
of each kind of call. A third of the way in it kills the server with SIGKILL, restarts it on the
same file and port, settles what was in flight (a send is looked up by its unique Source, an ingest
batch is sent again: eventIds make that idempotent) and carries on. At the end every acknowledged
send and ingested event must be counted by BatchGetMetricData (per day and metric),
GetSendStatistics and /_emulator/summary; `PRAGMA integrity_check` must say ok; no 5xx may appear
that the fault configuration did not inject; every completed export's file must be whole; RSS over
the last half of the run must stay within 5 % of its start.

The figures go to Benchmarks/results.md (between the soak markers; `make bench` keeps them), or to
--output. Exit 0 when every check holds, 1 otherwise.
"""
from __future__ import annotations

import argparse
import base64
import collections
import csv
import datetime as dt
import http.client
import io
import json
import os
import random
import re
import select
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
BEGIN, END = "<!-- soak:begin -->", "<!-- soak:end -->"

SEND_DOMAIN = "soak-send.example"
INGEST_IDENTITY = "soak-ingest.example"
TEMPLATE = "soak-template"
CONFIG_SET = "soak-set"
COUNTED = ["SEND", "DELIVERY", "PERMANENT_BOUNCE", "TRANSIENT_BOUNCE", "COMPLAINT", "OPEN", "CLICK",
           "DELIVERY_OPEN", "DELIVERY_CLICK", "DELIVERY_COMPLAINT"]
# The default ISP catalog's feedback loops (README, "Metric semantics").
FEEDBACK_LOOP = {"Gmail": False, "Hotmail": True, "Yahoo": True, "Other": False}
# What a send to each kind of recipient does (the outcome rules below and the suppression list):
# (share of sends, local-part prefix, domain, counted metrics, stored events). Engagement metrics
# are on (the account's default), so a delivery carries open and click tracking.
RECIPIENTS = {
    "delivered": (0.80, "d", "gmail.com", ["SEND", "DELIVERY", "DELIVERY_OPEN", "DELIVERY_CLICK"], 2),
    "hard": (0.06, "hb", "gmail.com", ["SEND", "PERMANENT_BOUNCE"], 2),
    "soft": (0.05, "tb", "gmail.com", ["SEND", "TRANSIENT_BOUNCE"], 2),
    "complaint": (0.05, "cp", "yahoo.com", ["SEND", "DELIVERY", "DELIVERY_OPEN", "DELIVERY_CLICK",
                                            "DELIVERY_COMPLAINT", "COMPLAINT"], 3),
    # bounced by the suppression list: counted as a send, its bounce in no metric
    "suppressed": (0.04, None, None, ["SEND"], 2),
}
OUTCOMES = {"seed": 1, "rules": [
    {"match": {"recipient": "hb-*"}, "outcome": "PERMANENT_BOUNCE"},
    {"match": {"recipient": "tb-*"}, "outcome": "TRANSIENT_BOUNCE"},
    {"match": {"recipient": "cp-*"}, "outcome": "COMPLAINT"},
]}
INJECTED = "soak: injected"
FAULTS_ON = {"seed": 3,
             "requestFaults": [{"operation": "BatchGetMetricData", "probability": 0.05,
                                "error": {"statusCode": 500, "code": "InternalServiceErrorException",
                                          "message": INJECTED}}],
             "queryFaults": [{"code": "INTERNAL_FAILURE", "message": INJECTED, "probability": 0.05},
                             {"code": "ACCESS_DENIED", "message": INJECTED, "probability": 0.05}]}


def totals(counts):
    """(metric, identity, day) -> n summed over the days."""
    out = collections.Counter()
    for (metric, identity, _), n in counts.items():
        out[(metric, identity, "all")] += n
    return out


class Failure(Exception):
    pass


def log(msg):
    print(f"[soak {time.strftime('%H:%M:%S')}] {msg}", flush=True)


def today():
    return dt.datetime.now(dt.timezone.utc).date()


def midnight(day):
    return f"{day.isoformat()}T00:00:00Z"


# --- the server ------------------------------------------------------------------------------------

class Server:
    def __init__(self, binary, workdir, database, extra):
        self.bin, self.dir, self.db, self.extra = binary, workdir, database, extra
        self.outcomes = os.path.join(workdir, "outcomes.json")
        with open(self.outcomes, "w") as f:
            json.dump(OUTCOMES, f)
        self.port = 0
        self.proc = None
        self.starts = []

    def start(self):
        err = open(os.path.join(self.dir, "serve.stderr"), "ab")
        t0 = time.monotonic()
        self.proc = subprocess.Popen(
            [self.bin, "serve", "--port", str(self.port), "--database", self.db, "--rate-limit", "off",
             "--log-level", "warning", "--outcomes", self.outcomes, *self.extra],
            stdout=subprocess.PIPE, stderr=err)
        err.close()
        line = b""
        while not line.endswith(b"\n"):
            r, _, _ = select.select([self.proc.stdout], [], [], 30)
            chunk = os.read(self.proc.stdout.fileno(), 256) if r else b""
            if not chunk:
                self.proc.kill()
                raise Failure(f"serve printed no ready line (see {self.dir}/serve.stderr)")
            line += chunk
        m = re.search(rb"listening on http://127\.0\.0\.1:(\d+)", line)
        if not m:
            raise Failure(f"unexpected ready line {line!r}")
        self.port = int(m.group(1))
        self.starts.append(time.monotonic() - t0)

    @property
    def pid(self):
        return self.proc.pid

    def kill9(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                return self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                raise Failure("SIGTERM did not stop the server within 30 s")
        return self.proc.returncode if self.proc else None


def proc_sample(pid):
    fields = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key, _, value = line.partition(":")
            fields[key] = value.strip()
    kb = lambda name: int(fields.get(name, "0 kB").split()[0])
    return {"rss_kb": kb("VmRSS"), "anon_kb": kb("RssAnon"), "file_kb": kb("RssFile"),
            "hwm_kb": kb("VmHWM"), "threads": int(fields.get("Threads", "0")),
            "fds": len(os.listdir(f"/proc/{pid}/fd"))}


# --- the calls -------------------------------------------------------------------------------------

class Stats:
    """Per kind of call: answered count, unexpected errors, injected faults, latencies (all, and since
    the last sample)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.kinds = collections.OrderedDict()

    def kind(self, name):
        return self.kinds.setdefault(name, {"count": 0, "errors": 0, "injected": 0, "lat": [], "window": []})

    def record(self, name, seconds, injected=False):
        with self.lock:
            k = self.kind(name)
            k["count"] += 1
            k["injected"] += injected
            k["lat"].append(seconds)
            k["window"].append(seconds)

    def error(self, name, what, problems):
        with self.lock:
            self.kind(name)["errors"] += 1
            if len(problems) < 50:
                problems.append(f"{name}: {what}")

    def window_p99(self):
        with self.lock:
            out = {}
            for name, k in self.kinds.items():
                if k["window"]:
                    out[name] = p99(k["window"])
                k["window"] = []
            return out


def p99(values):
    s = sorted(values)
    return s[min(len(s) - 1, int(len(s) * 0.99))] * 1000 if s else None


class ServerDown(Exception):
    """The connection failed while the harness was killing the server: the call's fate is settled
    after the restart."""


class Client:
    def __init__(self, soak):
        self.soak = soak
        self.conn = None

    def call(self, method, path, body=None, headers=None):
        """(status, parsed or raw body). Reconnects once on a dropped keep-alive connection; a failure
        while the server is being killed raises ServerDown, any other is a Failure."""
        soak = self.soak
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", soak.server.port, timeout=30)
            try:
                self.conn.request(method, path, body=body, headers=headers or {})
                resp = self.conn.getresponse()
                data = resp.read()
                if resp.getheader("Connection", "").lower() == "close":
                    self.conn.close()
                    self.conn = None
                return resp.status, data
            except (OSError, http.client.HTTPException) as e:
                self.conn.close()
                self.conn = None
                if soak.killing.is_set():
                    raise ServerDown() from e
                if attempt == 2 or not isinstance(e, (http.client.RemoteDisconnected, BrokenPipeError,
                                                      ConnectionResetError)):
                    raise Failure(f"{method} {path}: {e!r}")

    def json(self, method, path, doc=None):
        body = None if doc is None else json.dumps(doc).encode()
        status, data = self.call(method, path, body, {"Content-Type": "application/json"} if body else {})
        try:
            parsed = json.loads(data) if data else None
        except ValueError:
            parsed = data
        return status, parsed

    def v1(self, action, params):
        form = {"Action": action, "Version": "2010-12-01", **params}
        status, data = self.call("POST", "/", urllib.parse.urlencode(form).encode(),
                                 {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"})
        return status, data.decode("utf-8", "replace")


class Soak:
    def __init__(self, opts):
        self.o = opts
        self.rng = random.Random(opts.seed)
        self.dir = tempfile.mkdtemp(prefix="soak-")
        self.server = Server(opts.bin, self.dir, os.path.join(self.dir, "soak.db"), opts.serve_args.split())
        self.stats = Stats()
        self.problems = []
        self.killing = threading.Event()
        self.up = threading.Event()
        self.stopping = threading.Event()
        self.lock = threading.Lock()
        # what the store must hold at the end
        self.expected = collections.Counter()           # (metric, identity, day) -> count
        self.expected_events = 0
        self.acked_sends = 0
        self.ingested = 0
        self.suppressed = []                              # addresses PutSuppressedDestination acknowledged
        self.pending_sends = []                           # (source, [recipient kinds]) unsettled at the kill
        self.pending_batches = []                         # ingest bodies unsettled at the kill
        self.settled_after_kill = {"sends found": 0, "sends lost": 0, "batches resent": 0}
        self.samples = []
        self.window = []                                  # /proc readings since the last sample
        self.exports = {"created": 0, "completed": 0, "failed_injected": 0, "cancelled": 0, "rows": 0}
        self.send_seq = 0
        self.ingest_batches = 0
        self.faults_on = False

    # -- bookkeeping --------------------------------------------------------------------------------

    def next_source(self, tag):
        with self.lock:
            self.send_seq += 1
            return f"{tag}-{self.send_seq}-{self.rng.randrange(1 << 30):x}@{SEND_DOMAIN}"

    def recipient(self, rng):
        r, acc = rng.random(), 0.0
        for kind, (share, prefix, domain, _, _) in RECIPIENTS.items():
            acc += share
            if r < acc:
                break
        if kind == "suppressed":
            with self.lock:
                if self.suppressed:
                    return kind, rng.choice(self.suppressed)
            kind, (_, prefix, domain, _, _) = "delivered", RECIPIENTS["delivered"]
        return kind, f"{prefix}-{rng.randrange(1 << 62):x}@{domain}"

    def count_send(self, kinds, day):
        with self.lock:
            for kind in kinds:
                _, _, _, metrics, events = RECIPIENTS[kind]
                for metric in metrics:
                    self.expected[(metric, SEND_DOMAIN, day)] += 1
                self.expected_events += events
                self.acked_sends += 1

    # -- workers ------------------------------------------------------------------------------------

    def worker(self, name, body, pause=0.0):
        rng = random.Random(f"{self.o.seed}-{name}")
        client = Client(self)
        while not self.stopping.is_set():
            self.up.wait()
            try:
                body(client, rng)
            except ServerDown:
                continue
            except Failure as e:
                self.stats.error(name.split("#")[0], str(e), self.problems)
                time.sleep(0.2)
            if pause:
                self.stopping.wait(pause * (0.5 + rng.random()))

    @staticmethod
    def timed(fn):
        t0 = time.monotonic()
        result = fn()
        return result, time.monotonic() - t0

    def expect(self, kind, status, body, ok=(200,)):
        if status not in ok:
            raise Failure(f"{kind}: HTTP {status} {str(body)[:300]}")

    def send_v2(self, client, rng):
        kind, to = self.recipient(rng)
        source = self.next_source("v2")
        doc = {"FromEmailAddress": source, "Destination": {"ToAddresses": [to]},
               "Content": {"Simple": {"Subject": {"Data": "soak"}, "Body": {"Text": {"Data": "hello " * 20}}}}}
        if rng.random() < 0.3:
            doc["ConfigurationSetName"] = CONFIG_SET
        try:
            (status, body), t = self.timed(lambda: client.json("POST", "/v2/email/outbound-emails", doc))
        except ServerDown:
            with self.lock:
                self.pending_sends.append((source, [kind]))
            raise
        self.expect("SendEmail", status, body)
        self.stats.record("SendEmail", t)
        self.count_send([kind], today().isoformat())

    def send_v1(self, client, rng):
        kind, to = self.recipient(rng)
        source = self.next_source("v1")
        params = {"Source": source, "Destination.ToAddresses.member.1": to,
                  "Message.Subject.Data": "soak", "Message.Body.Text.Data": "hello " * 20}
        try:
            (status, body), t = self.timed(lambda: client.v1("SendEmail", params))
        except ServerDown:
            with self.lock:
                self.pending_sends.append((source, [kind]))
            raise
        self.expect("v1 SendEmail", status, body)
        if "<MessageId>" not in body:
            raise Failure(f"v1 SendEmail: no MessageId in {body[:200]}")
        self.stats.record("v1 SendEmail", t)
        self.count_send([kind], today().isoformat())

    def send_bulk(self, client, rng):
        n = rng.randint(10, 50)
        entries, kinds = [], []
        for _ in range(n):
            kind, to = self.recipient(rng)
            kinds.append(kind)
            entries.append({"Destination": {"ToAddresses": [to]},
                            "ReplacementEmailContent": {"ReplacementTemplate": {
                                "ReplacementTemplateData": json.dumps({"name": to.split("@")[0]})}}})
        source = self.next_source("bulk")
        doc = {"FromEmailAddress": source,
               "DefaultContent": {"Template": {"TemplateName": TEMPLATE, "TemplateData": '{"name":"you"}'}},
               "BulkEmailEntries": entries}
        try:
            (status, body), t = self.timed(lambda: client.json("POST", "/v2/email/outbound-bulk-emails", doc))
        except ServerDown:
            with self.lock:
                self.pending_sends.append((source, kinds))
            raise
        self.expect("SendBulkEmail", status, body)
        results = body.get("BulkEmailEntryResults", [])
        if len(results) != n or any(r.get("Status") != "SUCCESS" for r in results):
            raise Failure(f"SendBulkEmail: entries not all SUCCESS: {str(results)[:300]}")
        self.stats.record("SendBulkEmail", t)
        self.count_send(kinds, today().isoformat())

    def read_batch(self, client, rng):
        end = today() + dt.timedelta(days=1)
        queries = []
        for i in range(rng.randint(1, 10)):
            start = end - dt.timedelta(days=rng.randint(1, 30))
            q = {"Id": f"q{i}x{rng.randrange(1 << 40):x}", "Namespace": "VDM", "Metric": rng.choice(COUNTED),
                 "StartDate": midnight(start), "EndDate": midnight(end)}
            dim = rng.random()
            if dim < 0.3:
                q["Dimensions"] = {"EMAIL_IDENTITY": rng.choice([SEND_DOMAIN, INGEST_IDENTITY])}
            elif dim < 0.5:
                q["Dimensions"] = {"ISP": rng.choice(list(FEEDBACK_LOOP))}
            queries.append(q)
        (status, body), t = self.timed(lambda: client.json("POST", "/v2/email/metrics/batch", {"Queries": queries}))
        if status == 500 and isinstance(body, dict) and body.get("message") == INJECTED:
            self.stats.record("BatchGetMetricData", t, injected=True)
            return
        self.expect("BatchGetMetricData", status, body)
        answered = len(body.get("Results", [])) + len(body.get("Errors", []))
        if answered != len(queries):
            raise Failure(f"BatchGetMetricData: {answered} answers to {len(queries)} queries")
        if any(e.get("Message") != INJECTED for e in body.get("Errors", [])):
            raise Failure(f"BatchGetMetricData: an error not injected: {body['Errors']}")
        self.stats.record("BatchGetMetricData", t, injected=bool(body.get("Errors")))

    def ingest(self, client, rng):
        with self.lock:
            self.ingest_batches += 1
            batch = self.ingest_batches
        now = time.time()
        lines, counts = [], collections.Counter()
        for i in range(500):
            ts = now - 60 - rng.random() * 10 * 86400
            kind = rng.choices(["SEND", "DELIVERY", "PERMANENT_BOUNCE", "TRANSIENT_BOUNCE", "COMPLAINT", "OPEN"],
                               [40, 35, 5, 4, 4, 12])[0]
            isp = rng.choice(list(FEEDBACK_LOOP))
            ev = {"type": kind, "timestamp": dt.datetime.fromtimestamp(ts, dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
                  "emailIdentity": INGEST_IDENTITY, "isp": isp, "eventId": f"soak-{batch}-{i}",
                  "messageId": f"soak-{batch}-{i}"}
            day = ev["timestamp"][:10]
            counts[(kind, INGEST_IDENTITY, day)] += 1
            if kind == "DELIVERY":
                if rng.random() < 0.5:
                    ev["openTracking"] = True
                    counts[("DELIVERY_OPEN", INGEST_IDENTITY, day)] += 1
                if FEEDBACK_LOOP[isp]:
                    counts[("DELIVERY_COMPLAINT", INGEST_IDENTITY, day)] += 1
            lines.append(json.dumps(ev))
        body = ("\n".join(lines) + "\n").encode()
        try:
            (status, answer), t = self.timed(lambda: client.call(
                "POST", "/_emulator/events", body, {"Content-Type": "application/x-ndjson"}))
        except ServerDown:
            with self.lock:
                self.pending_batches.append((body, counts))
            raise
        self.expect("ingest 500", status, answer)
        if json.loads(answer).get("accepted") != 500:
            raise Failure(f"ingest: {answer[:200]!r}")
        self.stats.record("ingest 500", t)
        self.add_ingested(counts)

    def add_ingested(self, counts):
        with self.lock:
            self.expected.update(counts)
            self.ingested += 500
            self.expected_events += 500

    def toggle_faults(self, client, rng):
        on = not self.faults_on
        (status, body), t = self.timed(lambda: client.json("PUT", "/_emulator/faults", FAULTS_ON) if on
                                       else client.json("DELETE", "/_emulator/faults"))
        self.expect("faults", status, body, ok=(200, 204))
        self.faults_on = on
        self.stats.record("faults", t)

    def export(self, client, rng):
        end = today() + dt.timedelta(days=1)
        fmt = rng.choice(["CSV", "JSON"])
        doc = {"ExportDataSource": {"MetricsDataSource": {
            "Dimensions": {"EMAIL_IDENTITY": ["*"], "ISP": ["*"]}, "Namespace": "VDM",
            "Metrics": [{"Name": "SEND", "Aggregation": "VOLUME"}, {"Name": "DELIVERY", "Aggregation": "RATE"}],
            "StartDate": midnight(end - dt.timedelta(days=14)), "EndDate": midnight(end)}},
            "ExportDestination": {"DataFormat": fmt}}
        (status, body), t = self.timed(lambda: client.json("POST", "/v2/email/export-jobs", doc))
        self.expect("CreateExportJob", status, body)
        self.stats.record("CreateExportJob", t)
        self.exports["created"] += 1
        job = body["JobId"]
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            status, got = client.json("GET", f"/v2/email/export-jobs/{job}")
            self.expect("GetExportJob", status, got)
            state = got["JobStatus"]
            if state == "COMPLETED":
                break
            if state == "FAILED":
                if INJECTED not in got.get("FailureInfo", {}).get("ErrorMessage", ""):
                    raise Failure(f"export job {job} FAILED: {got.get('FailureInfo')}")
                self.exports["failed_injected"] += 1
                return
            time.sleep(0.05)
        else:
            raise Failure(f"export job {job} not done in 60 s")
        url = urllib.parse.urlsplit(got["ExportDestination"]["S3Url"])
        status, data = client.call("GET", url.path)
        self.expect("export file", status, data)
        rows = (list(csv.reader(io.StringIO(data.decode())))[1:] if fmt == "CSV"
                else [json.loads(line) for line in data.decode().splitlines() if line])
        if len(rows) != got["Statistics"]["ExportedRecordsCount"]:
            raise Failure(f"export {job}: {len(rows)} rows, Statistics says {got['Statistics']}")
        if fmt == "CSV" and not data.endswith(b"\r\n"):
            raise Failure(f"export {job}: the CSV file is cut")
        self.exports["completed"] += 1
        self.exports["rows"] += len(rows)

    def console(self, client, rng):
        for kind, path in (("summary", "/_emulator/summary"), ("dashboard", "/_emulator/dashboard"),
                           ("requests", "/_emulator/requests")):
            (status, body), t = self.timed(lambda: client.call("GET", path))
            self.expect(kind, status, body)
            self.stats.record(kind, t)

    def v1_and_suppression(self, client, rng):
        (status, body), t = self.timed(lambda: client.v1("GetSendStatistics", {}))
        self.expect("GetSendStatistics", status, body)
        self.stats.record("GetSendStatistics", t)
        (status, body), t = self.timed(lambda: client.v1("GetSendQuota", {}))
        self.expect("GetSendQuota", status, body)
        self.stats.record("GetSendQuota", t)
        address = f"sup-{rng.randrange(1 << 62):x}@gmail.com"
        (status, body), t = self.timed(lambda: client.json(
            "PUT", "/v2/email/suppression/addresses", {"EmailAddress": address, "Reason": rng.choice(["BOUNCE", "COMPLAINT"])}))
        self.expect("PutSuppressedDestination", status, body)
        self.stats.record("PutSuppressedDestination", t)
        with self.lock:
            self.suppressed.append(address)
        (status, body), t = self.timed(lambda: client.json(
            "GET", "/v2/email/suppression/addresses?PageSize=100"))
        self.expect("ListSuppressedDestinations", status, body)
        self.stats.record("ListSuppressedDestinations", t)

    # -- the run ------------------------------------------------------------------------------------

    def setup(self):
        c = Client(self)
        for method, path, doc in (
                ("POST", "/v2/email/identities", {"EmailIdentity": SEND_DOMAIN}),
                ("POST", "/v2/email/configuration-sets", {"ConfigurationSetName": CONFIG_SET}),
                ("POST", "/v2/email/templates", {"TemplateName": TEMPLATE, "TemplateContent": {
                    "Subject": "Hi {{name}}", "Text": "Hello {{name}}, " + "soak " * 20}})):
            status, body = c.json(method, path, doc)
            if status != 200:
                raise Failure(f"setup {path}: {status} {body}")

    def settle(self):
        """After the restart: each unsettled send is found (or not) by its unique Source; each unsettled
        ingest batch is sent again (its eventIds make a stored one a duplicate)."""
        c = Client(self)
        for source, kinds in self.pending_sends:
            status, body = c.json("GET", "/_aws/ses?email=" + urllib.parse.quote(source))
            if status != 200:
                raise Failure(f"settle: /_aws/ses {status}")
            found = len(body["messages"])
            if found not in (0, len(kinds)):
                self.problems.append(f"settle: {source} stored {found} of {len(kinds)} messages")
            if found:
                day = body["messages"][0]["Timestamp"][:10]
                self.count_send(kinds, day)
                self.settled_after_kill["sends found"] += 1
            else:
                self.settled_after_kill["sends lost"] += 1
        for payload, counts in self.pending_batches:
            status, answer = c.call("POST", "/_emulator/events", payload, {"Content-Type": "application/x-ndjson"})
            if status != 200:
                raise Failure(f"settle: ingest again {status} {answer[:200]!r}")
            self.add_ingested(counts)
            self.settled_after_kill["batches resent"] += 1
        self.pending_sends, self.pending_batches = [], []

    def run(self):
        o = self.o
        self.server.start()
        self.up.set()
        log(f"serving {self.server.db} on port {self.server.port} (pid {self.server.pid}); {o.duration} s")
        self.setup()
        plan = [("sender#1", self.send_v2, 0), ("sender#2", self.send_v2, 0), ("v1 sender", self.send_v1, 0.02),
                ("bulk", self.send_bulk, 0.25), ("reader#1", self.read_batch, 0), ("reader#2", self.read_batch, 0),
                ("ingest", self.ingest, 0.4), ("faults", self.toggle_faults, 5), ("export", self.export, 1),
                ("console", self.console, 2), ("v1 and suppression", self.v1_and_suppression, 0.5)]
        if o.only:
            plan = [p for p in plan if p[0].split("#")[0] in o.only.split(",")]
        threads = [threading.Thread(target=self.worker, args=p, daemon=True, name=p[0]) for p in plan]
        t0 = time.monotonic()
        for t in threads:
            t.start()
        kill_at = o.duration * o.kill_at
        killed = False
        next_read, next_sample = 0.0, 0.0
        while (elapsed := time.monotonic() - t0) < o.duration:
            if elapsed >= next_read:
                self.read_process()
                next_read += 1
            if elapsed >= next_sample:
                self.sample(elapsed)
                next_sample += 10
            if not killed and elapsed >= kill_at:
                killed = True
                self.kill_and_restart(elapsed)
                self.window = []
                self.read_process()
                self.sample(time.monotonic() - t0, event="restarted")
            time.sleep(0.1)
        self.read_process()
        self.sample(time.monotonic() - t0)
        self.stopping.set()
        self.up.set()
        for t in threads:
            t.join(90)
        self.elapsed = time.monotonic() - t0
        log("load stopped; recounting")
        self.recount()
        code = self.server.stop()
        if code != 0:
            self.problems.append(f"serve exited {code} on SIGTERM")
        self.integrity = sqlite3.connect(self.server.db).execute("PRAGMA integrity_check").fetchone()[0]
        if self.integrity != "ok":
            self.problems.append(f"integrity_check: {self.integrity}")
        self.check_rss()
        for name, k in self.stats.kinds.items():
            if k["errors"]:
                self.problems.append(f"{name}: {k['errors']} unexpected errors")

    def kill_and_restart(self, elapsed):
        log(f"SIGKILL at {elapsed:.0f} s")
        self.up.clear()
        self.killing.set()
        self.server.kill9()
        time.sleep(1)              # every worker's call fails and parks on `up`
        self.server.start()
        self.killing.clear()
        self.settle()
        log(f"restarted in {self.server.starts[-1] * 1000:.0f} ms; settled {self.settled_after_kill}")
        self.up.set()

    def read_process(self):
        try:
            self.window.append(proc_sample(self.server.pid))
        except OSError:
            pass

    def sample(self, elapsed, event=None):
        """A row of the curve: the medians of the last 10 s of readings (one a second), so a buffer
        that happens to be alive at one reading does not pass for growth; the largest RSS beside."""
        if not self.window:
            return
        w, self.window = self.window, []
        median = lambda key: sorted(r[key] for r in w)[len(w) // 2]
        s = {key: median(key) for key in ("rss_kb", "anon_kb", "file_kb", "threads", "fds")}
        s["rss_max_kb"] = max(r["rss_kb"] for r in w)
        s["hwm_kb"] = w[-1]["hwm_kb"]
        s["t"] = round(elapsed, 1)
        s["p99_ms"] = {k: round(v, 2) for k, v in self.stats.window_p99().items()}
        if event:
            s["event"] = event
        self.samples.append(s)
        log(f"t={elapsed:5.0f}s rss {s['rss_kb'] / 1024:.1f} MB (anon {s['anon_kb'] / 1024:.1f}, file "
            f"{s['file_kb'] / 1024:.1f}) fds {s['fds']} threads {s['threads']}; sends {self.acked_sends}, ingested {self.ingested}")

    def check_rss(self):
        half = self.o.duration / 2
        later = [s for s in self.samples if s["t"] >= half]
        if not later:
            self.problems.append("no RSS sample in the last half")
            return
        # Its start: the median of the first three rows (30 s), each itself a median of 10 readings.
        ref = sorted(s["rss_kb"] for s in later[:3])[len(later[:3]) // 2]
        self.rss_ref = ref
        self.rss_span = (min(s["rss_kb"] for s in later), max(s["rss_kb"] for s in later))
        off = max(abs(s["rss_kb"] - ref) for s in later) / ref
        self.rss_off = off
        if off > 0.05:
            self.problems.append(f"RSS over the last half strays {off * 100:.1f} % from its {ref / 1024:.1f} MB at "
                                 f"its start ({self.rss_span[0] / 1024:.1f}-{self.rss_span[1] / 1024:.1f} MB)")

    def recount(self):
        c = Client(self)
        days = sorted({day for (_, _, day) in self.expected})
        start = dt.date.fromisoformat(days[0])
        end = dt.date.fromisoformat(days[-1]) + dt.timedelta(days=1)
        self.recount_result = {}
        status, _ = c.json("DELETE", "/_emulator/faults")
        if status not in (200, 204):
            raise Failure(f"recount: DELETE faults {status}")
        for identity in (SEND_DOMAIN, INGEST_IDENTITY):
            queries = [{"Id": m.lower(), "Namespace": "VDM", "Metric": m, "Dimensions": {"EMAIL_IDENTITY": identity},
                        "StartDate": midnight(start), "EndDate": midnight(end)} for m in COUNTED]
            status, body = c.json("POST", "/v2/email/metrics/batch", {"Queries": queries})
            if status != 200 or body.get("Errors"):
                raise Failure(f"recount batch: {status} {body}")
            got = collections.Counter()
            for r in body["Results"]:
                for ts, v in zip(r["Timestamps"], r["Values"]):
                    day = dt.datetime.fromtimestamp(ts, dt.timezone.utc).date().isoformat()
                    got[(r["Id"].upper(), identity, day)] += v
            want = collections.Counter({k: v for k, v in self.expected.items() if k[1] == identity and v})
            if identity == SEND_DOMAIN:
                # A send's outcome is dated seconds after it, which may be the next UTC day: compare totals.
                want, got = (totals(want), totals(got))
            diff = {k: (want.get(k, 0), got.get(k, 0)) for k in set(want) | set(got) if want.get(k, 0) != got.get(k, 0)}
            if diff:
                self.problems.append(f"BatchGetMetricData for {identity} differs from the recount (want, got): "
                                     f"{dict(list(sorted(diff.items()))[:8])}")
            self.recount_result[identity] = {m: sum(v for (mm, _, _), v in want.items() if mm == m) for m in COUNTED}
        # GetSendStatistics: every event here is inside its two weeks.
        status, xml = c.v1("GetSendStatistics", {})
        stats = {name: sum(int(v) for v in re.findall(rf"<{name}>(\d+)</{name}>", xml))
                 for name in ("DeliveryAttempts", "Bounces", "Complaints", "Rejects")}
        total = lambda m: sum(v for (mm, _, _), v in self.expected.items() if mm == m)
        want_stats = {"DeliveryAttempts": total("SEND"), "Bounces": total("PERMANENT_BOUNCE"),
                      "Complaints": total("COMPLAINT"), "Rejects": 0}
        if stats != want_stats:
            self.problems.append(f"GetSendStatistics {stats} != recount {want_stats}")
        self.send_statistics = stats
        status, summary = c.json("GET", "/_emulator/summary")
        counted_send = sum(v for (m, i, _), v in self.expected.items()
                           if i == SEND_DOMAIN and m in ("SEND", "DELIVERY", "PERMANENT_BOUNCE", "TRANSIENT_BOUNCE", "COMPLAINT"))
        want_summary = {"events": self.expected_events,
                        "identities": {SEND_DOMAIN: counted_send, INGEST_IDENTITY: self.ingested}}
        got_summary = {"events": summary["events"],
                       "identities": {k: summary["identities"].get(k) for k in (SEND_DOMAIN, INGEST_IDENTITY)}}
        if got_summary != want_summary:
            self.problems.append(f"summary {got_summary} != recount {want_summary}")
        self.summary = got_summary

    # -- the report ---------------------------------------------------------------------------------

    def report(self, started):
        rows = ["| call | count | unexpected errors | injected faults | p50 ms | p99 ms |", "|---|---|---|---|---|---|"]
        for name, k in self.stats.kinds.items():
            lat = sorted(k["lat"])
            p50 = lat[len(lat) // 2] * 1000 if lat else 0
            rows.append(f"| {name} | {k['count']:,} | {k['errors']} | {k['injected']:,} | {p50:.2f} | {p99(lat) or 0:.2f} |")
        curve = ["| t (s) | RSS MB (median of 10 s) | largest | anon MB | file MB | fds | threads | p99 ms (SendEmail / BatchGetMetricData / ingest 500) |",
                 "|---|---|---|---|---|---|---|---|"]
        for s in self.samples:
            p = s["p99_ms"]
            curve.append(f"| {s['t']:.0f}{' (restarted)' if s.get('event') else ''} | {s['rss_kb'] / 1024:.1f} | {s['rss_max_kb'] / 1024:.1f} | "
                         f"{s['anon_kb'] / 1024:.1f} | {s['file_kb'] / 1024:.1f} | {s['fds']} | {s['threads']} | "
                         f"{p.get('SendEmail', '-')} / {p.get('BatchGetMetricData', '-')} / {p.get('ingest 500', '-')} |")
        verdict = "**pass**" if not self.problems else "**FAIL**: " + "; ".join(self.problems)
        rss = getattr(self, "rss_ref", 0)
        span = getattr(self, "rss_span", (0, 0))
        lines = [
            BEGIN, "## Soak", "",
            f"Produced by `make soak` (Benchmarks/soak.py, {self.o.duration:.0f} s; started "
            f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime(started))}, release build on "
            f"{os.cpu_count()} cores): eleven client threads on loopback against one `serve --database FILE`, "
            f"SIGKILL at {self.o.kill_at * 100:.0f} % of the run, restarted on the same file. Result: {verdict}.", "",
            f"- Acknowledged sends {self.acked_sends:,} (SESv2, v1 and bulk entries), ingested events "
            f"{self.ingested:,}, stored events {self.expected_events:,}; after the kill: {self.settled_after_kill}; "
            f"restarts {', '.join(f'{s * 1000:.0f} ms' for s in self.server.starts)} to the ready line.",
            f"- Recount: BatchGetMetricData per day and metric for both identities, GetSendStatistics "
            f"{self.send_statistics}, summary {self.summary['events']:,} events: "
            + ("equal to what was acknowledged." if not any(p.startswith(("Batch", "GetSend", "summary")) for p in self.problems)
               else "see the failures above."),
            f"- `PRAGMA integrity_check`: {self.integrity}. Export jobs: {self.exports}.",
            f"- RSS over the last half: {span[0] / 1024:.1f}-{span[1] / 1024:.1f} MB against {rss / 1024:.1f} MB at its "
            f"start ({getattr(self, 'rss_off', 0) * 100:.1f} %, limit 5 %); peak (VmHWM) "
            f"{max(s['hwm_kb'] for s in self.samples) / 1024:.1f} MB.", "",
            *rows, "", "<details><summary>RSS, descriptors, threads and p99 every 10 s</summary>", "", *curve, "",
            "</details>", END]
        return "\n".join(lines) + "\n"

    def write(self, text):
        out = self.o.output or os.path.join(HERE, "results.md")
        os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
        old = open(out).read() if os.path.exists(out) else "# Benchmark results\n"
        if BEGIN in old and END in old:
            new = old[:old.index(BEGIN)] + text + old[old.index(END) + len(END) + 1:]
        else:
            new = old.rstrip("\n") + "\n\n" + text
        with open(out, "w") as f:
            f.write(new)
        return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bin", required=True)
    ap.add_argument("--duration", type=float, default=600, help="seconds of load (default 600)")
    ap.add_argument("--kill-at", type=float, default=1 / 3, help="when to SIGKILL, as a fraction of the run")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--serve-args", default="", help="more serve options, e.g. \"--page-cache-mb 4\"")
    ap.add_argument("--only", help="comma-separated workers to run (sender, v1 sender, bulk, reader, ingest, faults, "
                    "export, console, v1 and suppression), to find which one a finding comes from")
    ap.add_argument("--output", help="file to write the figures to (default Benchmarks/results.md)")
    opts = ap.parse_args()
    soak = Soak(opts)
    started = time.time()
    try:
        soak.run()
    except Failure as e:
        soak.problems.append(str(e))
        soak.server.stop()
        print("\n".join(soak.problems), file=sys.stderr)
        return 1
    finally:
        if soak.server.proc and soak.server.proc.poll() is None:
            soak.server.proc.kill()
    out = soak.write(soak.report(started))
    log(f"figures written to {out}")
    for p in soak.problems:
        print("FAIL:", p, file=sys.stderr)
    return 0 if not soak.problems else 1


if __name__ == "__main__":
    sys.exit(main())
