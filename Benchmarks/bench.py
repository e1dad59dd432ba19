#!/usr/bin/env python3
"""`make bench` and `make bench-smoke`: the emulator's speed, side by side with reference servers
measured in the same run. Standard library only.

    python3 Benchmarks/bench.py --bin .build/release/ses-metrics-emulator            # full, ~10-15 min
    python3 Benchmarks/bench.py --bin .build/release/ses-metrics-emulator --smoke    # < 1 min

Full mode writes Benchmarks/results.md; smoke mode writes .build/bench-smoke/results.md and
asserts nothing about speed, only that every step of the harness works (exit 1 otherwise).
Every process it starts is stopped by pid when it ends (normally, on error, or on SIGINT/SIGTERM).
"""
import argparse
import atexit
import calendar
import datetime as dt
import http.client
import importlib.util
import json
import os
import re
import select
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
BATCH_PATH = "/v2/email/metrics/batch"
AUTH = ("AWS4-HMAC-SHA256 Credential=AKIDBENCH/20261128/us-east-1/ses/aws4_request, "
        "SignedHeaders=host;x-amz-date, Signature=0000")

# The generated data: two years of traffic for the generator's default identities and
# configuration sets; the size is set by the average daily SEND count (~2.3 events per send).
DATA_START = "2025-01-01"
DATA_DAYS = 730


def epoch(day):
    return calendar.timegm(dt.date.fromisoformat(day).timetuple())


# The export job: one month, every identity by every ISP, ten metrics (both aggregations).
EXPORT_RANGE = ("2026-06-01", "2026-07-01")
EXPORT_METRICS = [("SEND", "VOLUME"), ("DELIVERY", "VOLUME"), ("TRANSIENT_BOUNCE", "VOLUME"),
                  ("DELIVERY_COMPLAINT", "VOLUME"), ("OPEN", "RATE"), ("CLICK", "RATE"), ("PERMANENT_BOUNCE", "RATE"),
                  ("COMPLAINT", "RATE"), ("DELIVERY_OPEN", "RATE"), ("DELIVERY_CLICK", "RATE")]
EXPORT_TARGET_S = 2.0

# The two batches wrk drives, and the in-process query timing uses the second.
BATCH_1 = [("SEND", {"EMAIL_IDENTITY": "example.com"}, "2026-06-01", "2026-07-01")]
BATCH_10_RANGE = ("2025-07-01", "2026-07-01")  # 365 days
BATCH_10 = [(m, d) + BATCH_10_RANGE for m, d in [
    ("SEND", {"EMAIL_IDENTITY": "*"}),
    ("DELIVERY", {"EMAIL_IDENTITY": "example.com"}),
    ("OPEN", {"ISP": "Gmail"}),
    ("CLICK", {"CONFIGURATION_SET": "newsletters"}),
    ("PERMANENT_BOUNCE", {"EMAIL_IDENTITY": "marketing.example.com", "ISP": "Hotmail"}),
    ("COMPLAINT", {"EMAIL_IDENTITY": "example.com", "CONFIGURATION_SET": "transactional"}),
    ("DELIVERY_OPEN", {"CONFIGURATION_SET": "newsletters", "ISP": "Yahoo"}),
    ("TRANSIENT_BOUNCE", {"EMAIL_IDENTITY": "alerts@example.org", "CONFIGURATION_SET": "transactional", "ISP": "Gmail"}),
    ("DELIVERY_COMPLAINT", {"EMAIL_IDENTITY": "example.com"}),  # sums the feedback-loop ISPs
    ("DELIVERY_CLICK", {"EMAIL_IDENTITY": "*", "ISP": "*"}),
]]


def batch_body(batch):
    return json.dumps({"Queries": [
        {"Id": f"q{i + 1}", "Namespace": "VDM", "Metric": m, "Dimensions": dims,
         "StartDate": epoch(s), "EndDate": epoch(e)} for i, (m, dims, s, e) in enumerate(batch)]},
        separators=(",", ":"))


def batch_lines(batch):
    """The same batch in `bench query`'s format."""
    return "".join(f"{m} {d.get('EMAIL_IDENTITY', '*')} {d.get('CONFIGURATION_SET', '*')} {d.get('ISP', '*')} "
                   f"{epoch(s)} {epoch(e)}\n" for m, d, s, e in batch)


class HarnessError(Exception):
    pass


def log(msg):
    print(msg, flush=True)


# ---------------------------------------------------------------- processes

STARTED = []  # every Popen we started; stopped by pid at exit


def spawn(args, **kw):
    p = subprocess.Popen(args, **kw)
    STARTED.append(p)
    return p


def stop(p, timeout=10):
    """SIGTERM, wait, SIGKILL if needed; returns the exit status."""
    if p.poll() is None:
        try:
            p.send_signal(signal.SIGTERM)
            p.wait(timeout)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
    if p in STARTED:
        STARTED.remove(p)
    return p.returncode


def stop_step(started):
    """Stops a step's reference servers, then its `serve` (started[0]), which must exit 0 on SIGTERM."""
    for q in started[1:]:
        stop(q)
    code = stop(started[0], 30)
    if code != 0:
        raise HarnessError(f"serve exited {code} on SIGTERM (expected 0)")


def stop_all():
    for p in list(STARTED):
        try:
            stop(p, 5)
        except Exception:
            pass


def on_signal(signum, _frame):
    stop_all()
    sys.exit(128 + signum)


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def wait_http(port, path, timeout, headers=None):
    """Polls until GET path answers (any status); returns the seconds it took."""
    t0 = time.monotonic()
    while True:
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            c.request("GET", path, headers=headers or {})
            c.getresponse().read()
            c.close()
            return time.monotonic() - t0
        except OSError:
            if time.monotonic() - t0 > timeout:
                raise HarnessError(f"nothing answered on port {port} within {timeout} s")
            time.sleep(0.002)


def proc_status(pid):
    out = {}
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                k, _, v = line.partition(":")
                if k in ("VmRSS", "VmHWM", "Threads"):
                    out[k] = int(v.split()[0])
    except OSError:
        pass
    return out


def proc_tree(pid):
    pids = [pid]
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/children") as f:
                for c in f.read().split():
                    pids.extend(proc_tree(int(c)))
    except OSError:
        pass
    return pids


def cpu_seconds(pid):
    """utime + stime of a process and its children processes (nginx's worker), in seconds."""
    total = 0
    for p in proc_tree(pid):
        try:
            with open(f"/proc/{p}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except OSError:
            pass
    return total / os.sysconf("SC_CLK_TCK")


def mb(kb):
    return kb / 1024.0


# ---------------------------------------------------------------- the emulator

class Emulator:
    def __init__(self, binary, workdir):
        self.bin = binary
        self.dir = workdir

    def run(self, args, **kw):
        return subprocess.run([self.bin] + args, check=True, **kw)

    def serve(self, *extra, ready_timeout=60):
        """Starts `serve --port 0`, returns (Popen, port, seconds from exec to the ready line). The 10-query
        batch spans 365 days, beyond AWS's 60-day limit that `serve` enforces by default."""
        err = open(os.path.join(self.dir, "serve.stderr"), "ab")
        t0 = time.monotonic()
        p = spawn([self.bin, "serve", "--port", "0", "--rate-limit", "off", "--log-level", "warning",
                   "--max-range-days", "1096", *extra],
                  stdout=subprocess.PIPE, stderr=err)
        err.close()
        line = b""
        while not line.endswith(b"\n"):
            r, _, _ = select.select([p.stdout], [], [], max(0.0, ready_timeout - (time.monotonic() - t0)))
            chunk = os.read(p.stdout.fileno(), 256) if r else b""
            if not chunk:
                stop(p)
                raise HarnessError(f"serve {' '.join(extra)}: no ready line (exit {p.returncode}); see {err.name}")
            line += chunk
        m = re.search(rb"listening on http://127\.0\.0\.1:(\d+)", line)
        if not m:
            stop(p)
            raise HarnessError(f"serve: unexpected ready line {line!r}")
        return p, int(m.group(1)), time.monotonic() - t0

    def generate(self, sends, days=DATA_DAYS, start=DATA_START, seed=1):
        return [self.bin, "generate", "--seed", str(seed), "--start", start, "--days", str(days),
                "--daily-sends", str(sends)]


def pipeline(first, second, **kw):
    """Runs `first | second`; returns (wall seconds, second's stdout, second's peak RSS in kB)."""
    t0 = time.monotonic()
    a = spawn(first, stdout=subprocess.PIPE)
    b = spawn(second, stdin=a.stdout, stdout=subprocess.PIPE, **kw)
    a.stdout.close()
    out = b.stdout.read()
    _, status, usage = os.wait4(b.pid, 0)
    b.returncode = os.waitstatus_to_exitcode(status)
    wall = time.monotonic() - t0
    a.wait()
    STARTED.remove(a)
    STARTED.remove(b)
    if a.returncode != 0 or b.returncode != 0:
        raise HarnessError(f"{' '.join(first[:2])} | {' '.join(second[:3])}: exit {a.returncode}/{b.returncode}")
    return wall, out.decode(), usage.ru_maxrss


# ---------------------------------------------------------------- wrk

UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def parse_wrk(text):
    def lat(pct):
        m = re.search(rf"^\s+{pct}%\s+([\d.]+)(us|ms|s|m)\s*$", text, re.M)
        return float(m.group(1)) * UNITS[m.group(2)] if m else None
    rps = re.search(r"Requests/sec:\s+([\d.]+)", text)
    total = re.search(r"(\d+) requests in", text)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    if not rps or not total:
        raise HarnessError("could not read wrk's output:\n" + text)
    return {"rps": float(rps.group(1)), "requests": int(total.group(1)), "p50_ms": lat(50), "p99_ms": lat(99),
            "non2xx": int(non2xx.group(1)) if non2xx else 0,
            "socket_errors": sum(map(int, errors.groups())) if errors else 0}


class RSSWatcher(threading.Thread):
    """Samples a process's VmRSS every 50 ms while a load runs."""

    def __init__(self, pid):
        super().__init__(daemon=True)
        self.pid, self.peak, self.done = pid, 0, threading.Event()

    def run(self):
        while not self.done.is_set():
            self.peak = max(self.peak, proc_status(self.pid).get("VmRSS", 0))
            time.sleep(0.05)

    def stop(self):
        self.done.set()
        self.join()
        return self.peak


def wrk(url, conns, seconds, pid, body_file=None, headers=(), watch_rss=False, unique_ids=False):
    args = ["wrk", "-t1", f"-c{conns}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    for h in headers:
        args += ["-H", h]
    env = dict(os.environ)
    if body_file:
        args += ["-s", os.path.join(HERE, "post.lua")]
        env["WRK_BODY_FILE"] = body_file
        if unique_ids:
            env["WRK_UNIQUE_IDS"] = "1"
    args.append(url)
    watcher = RSSWatcher(pid) if watch_rss else None
    if watcher:
        watcher.start()
    cpu0 = cpu_seconds(pid)
    out = subprocess.run(args, check=True, capture_output=True, text=True, env=env, timeout=seconds + 60).stdout
    cpu = cpu_seconds(pid) - cpu0
    r = parse_wrk(out)
    r["cpu_us_per_req"] = cpu / r["requests"] * 1e6 if r["requests"] else None
    if watcher:
        r["rss_peak_kb"] = watcher.stop()
    return r


# ---------------------------------------------------------------- installs

def try_run(args, timeout=600):
    try:
        return subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=timeout).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def ensure_apt(tool, package, skips):
    if shutil.which(tool):
        return True
    sudo = [] if os.geteuid() == 0 else (["sudo", "-n"] if shutil.which("sudo") else None)
    if sudo is not None and shutil.which("apt-get"):
        log(f"installing {package} (apt-get) ...")
        env_prefix = ["env", "DEBIAN_FRONTEND=noninteractive"]
        install = sudo + env_prefix + ["apt-get", "install", "-y", "-q", "-o", "DPkg::Lock::Timeout=120", package]
        if try_run(install) or (try_run(sudo + env_prefix + ["apt-get", "update", "-q"]) and try_run(install)):
            if shutil.which(tool) or os.path.exists(f"/usr/sbin/{tool}"):
                return True
    skips.append(f"SKIP {tool}: not installed and `apt-get install {package}` was not possible here")
    log(skips[-1])
    return False


def ensure_moto(skips):
    if importlib.util.find_spec("moto") and importlib.util.find_spec("flask"):
        return True
    log("installing moto[server] (pip) ...")
    if try_run([sys.executable, "-m", "pip", "install", "-q", "moto[server]"]):
        importlib.invalidate_caches()
        if importlib.util.find_spec("moto") and importlib.util.find_spec("flask"):
            return True
    skips.append(f"SKIP moto_server: not installed and `{sys.executable} -m pip install 'moto[server]'` failed")
    log(skips[-1])
    return False


# ---------------------------------------------------------------- the run

class Run:
    def __init__(self, opts):
        self.o = opts
        self.smoke = opts.smoke
        self.dir = tempfile.mkdtemp(prefix="ses-bench-", dir=opts.workdir)
        self.emu = Emulator(os.path.abspath(opts.bin), self.dir)
        self.r = {"mode": "smoke" if self.smoke else "full", "skips": []}
        self.skips = self.r["skips"]
        self.wrk_seconds = 2 if self.smoke else opts.seconds
        self.conns = [1, 32, 256] if not self.smoke else [1, 32, 256]
        # (label, daily sends): ~2.3 events per send over DATA_DAYS days.
        self.sizes = [("10k", 6), ("50k", 30)] if self.smoke else [("10k", 6), ("1M", 589), ("10M", 5890)]
        for name, text in [("batch1.json", batch_body(BATCH_1)), ("batch10.json", batch_body(BATCH_10)),
                           ("batch1.txt", batch_lines(BATCH_1)), ("batch10.txt", batch_lines(BATCH_10))]:
            with open(self.path(name), "w") as f:
                f.write(text)

    def path(self, name):
        return os.path.join(self.dir, name)

    def step(self, title):
        log(f"== {title}  [{time.strftime('%H:%M:%S')}]")

    # -- ingest ------------------------------------------------------------

    def bare_insert_binary(self):
        out = self.path("bare_insert")
        if not shutil.which("gcc"):
            self.skips.append("SKIP bare insert baseline: no gcc")
            log(self.skips[-1])
            return None
        cc = subprocess.run(["gcc", "-O2", "-o", out, os.path.join(HERE, "bare_insert.c"), "-lsqlite3"],
                            capture_output=True, text=True)
        if cc.returncode != 0:
            self.skips.append("SKIP bare insert baseline: gcc/libsqlite3-dev failed: " + cc.stderr.strip()[:200])
            log(self.skips[-1])
            return None
        return out

    def ingest(self):
        self.step("ingest: generate | ingest -, the parse/store split, and the bare SQLite insert loop")
        bare = self.bare_insert_binary()
        self.r["ingest"] = []
        for label, sends in self.sizes:
            gen = self.emu.generate(sends)
            db = self.path(f"events-{label}.db")
            wall, out, rss = pipeline(gen, [self.emu.bin, "ingest", "-", "--database", db])
            m = re.search(r"accepted (\d+), duplicates (\d+)", out)
            if not m or int(m.group(2)) != 0:
                raise HarnessError(f"ingest {label}: unexpected output {out!r}")
            n = int(m.group(1))
            row = {"label": label, "events": n, "wall_s": wall, "rate": n / wall, "ingest_peak_rss_kb": rss}
            # The same rows again through `bench ingest` (the same code path, clocks around each phase).
            split_db = self.path(f"split-{label}.db")
            _, out, _ = pipeline(gen, [self.emu.bin, "bench", "ingest", "-", "--database", split_db])
            split = json.loads(out)
            if split["accepted"] != n:
                raise HarnessError(f"bench ingest {label}: {split['accepted']} events, expected {n}")
            row["split"] = split
            self.remove_db(split_db)
            if bare:
                bare_db = self.path(f"bare-{label}.db")
                _, out, _ = pipeline(gen, [bare, bare_db])
                b = json.loads(out)
                if b["rows"] != n:
                    raise HarnessError(f"bare_insert {label}: {b['rows']} rows, expected {n}")
                row["bare"] = b
                self.remove_db(bare_db)
            self.r["ingest"].append(row)
            log(f"   {label}: {n} events in {wall:.2f} s = {n / wall:,.0f} events/s"
                f" (parse {n / split['parse_s']:,.0f}/s, store {n / split['store_s']:,.0f}/s, finish {split['finish_s']:.2f} s)"
                + (f"; bare insert {row['bare']['rows_per_s']:,.0f} rows/s" if bare else ""))

    def remove_db(self, db):
        for suffix in ("", "-wal", "-shm", "-journal"):
            try:
                os.unlink(db + suffix)
            except FileNotFoundError:
                pass

    def ingest_http(self):
        self.step("ingest through POST /_emulator/events")
        label, sends = self.sizes[1] if len(self.sizes) > 1 else self.sizes[0]
        ndjson = self.path(f"events-{label}.ndjson")
        with open(ndjson, "wb") as f:
            subprocess.run(self.emu.generate(sends), stdout=f, check=True)
        chunk_lines = 2000 if self.smoke else 100_000
        p, port, _ = self.emu.serve()
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
            accepted = 0
            posts = 0
            t0 = time.monotonic()
            with open(ndjson, "rb") as f:
                while True:
                    lines = [line for _, line in zip(range(chunk_lines), f)]
                    if not lines:
                        break
                    c.request("POST", "/_emulator/events", body=b"".join(lines),
                              headers={"Content-Type": "application/x-ndjson"})
                    resp = c.getresponse()
                    text = resp.read()
                    if resp.status != 200:
                        raise HarnessError(f"POST /_emulator/events: {resp.status} {text[:300]!r}")
                    accepted += json.loads(text)["accepted"]
                    posts += 1
            wall = time.monotonic() - t0
            c.close()
            self.r["ingest_http"] = {"label": label, "events": accepted, "posts": posts, "wall_s": wall,
                                     "rate": accepted / wall}
            log(f"   {label}: {accepted} events in {posts} POSTs of {chunk_lines} lines, {wall:.2f} s = {accepted / wall:,.0f} events/s")
        finally:
            stop(p)
            os.unlink(ndjson)

    # -- queries in-process ------------------------------------------------

    def query_time(self):
        self.step("query time in-process (bench query): the 10-query 365-day batch, smallest vs largest data set")
        self.r["query"] = {}
        iterations = "50" if self.smoke else "300"
        rounds = 1 if self.smoke else 5
        labels = [self.sizes[0][0], self.sizes[-1][0]]
        runs = {(label, name): [] for label in labels for name in ("batch10", "batch1")}
        # Rounds alternate the two data sets, so a burst of load from a neighbour hits both; each
        # figure is then the median over the rounds.
        for _ in range(rounds):
            for label in labels:
                for name in ("batch10", "batch1"):
                    out = self.emu.run(["bench", "query", "--database", self.path(f"events-{label}.db"),
                                        "--queries", self.path(f"{name}.txt"), "--iterations", iterations],
                                       capture_output=True, text=True).stdout
                    r = json.loads(out)
                    if r["points"] <= 0:
                        raise HarnessError(f"bench query {name} at {label}: no data points")
                    runs[(label, name)].append(r)
        for label in labels:
            res = {}
            for name in ("batch10", "batch1"):
                rs = runs[(label, name)]
                res[name] = dict(rs[0])
                for k in ("min_us", "p50_us", "p99_us", "mean_us"):
                    res[name][k] = statistics.median(x[k] for x in rs)
                res[name]["rounds"] = len(rs)
            self.r["query"][label] = res
            q = res["batch10"]
            log(f"   {label} ({q['events']} events): 10-query batch p50 {q['p50_us']} µs, p99 {q['p99_us']} µs"
                f" ({q['points']} points); 1-query batch p50 {res['batch1']['p50_us']} µs")

    # -- export job --------------------------------------------------------

    def export_job(self):
        """CreateExportJob on the largest database, timed from the request to the first GetExportJob
        that answers COMPLETED (polled every 5 ms), then the file downloaded from its S3Url and checked."""
        label = self.sizes[-1][0]
        self.step(f"export job: {EXPORT_RANGE[0]} to {EXPORT_RANGE[1]} x every identity x every ISP on the {label} database")
        p, port, _ = self.emu.serve("--database", self.path(f"events-{label}.db"))
        try:
            body = json.dumps({"ExportDataSource": {"MetricsDataSource": {
                "Dimensions": {"EMAIL_IDENTITY": ["*"], "ISP": ["*"]}, "Namespace": "VDM",
                "Metrics": [{"Name": n, "Aggregation": a} for n, a in EXPORT_METRICS],
                "StartDate": epoch(EXPORT_RANGE[0]), "EndDate": epoch(EXPORT_RANGE[1])}},
                "ExportDestination": {"DataFormat": "CSV"}})
            runs = []
            for _ in range(1 if self.smoke else 5):
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                t0 = time.monotonic()
                c.request("POST", "/v2/email/export-jobs", body=body, headers={"Content-Type": "application/json"})
                resp = c.getresponse()
                text = resp.read()
                if resp.status != 200:
                    raise HarnessError(f"CreateExportJob: {resp.status} {text[:300]!r}")
                job_id = json.loads(text)["JobId"]
                while True:
                    c.request("GET", f"/v2/email/export-jobs/{job_id}")
                    job = json.loads(c.getresponse().read())
                    if job["JobStatus"] != "PROCESSING" and job["JobStatus"] != "CREATED":
                        break
                    time.sleep(0.005)
                wall = time.monotonic() - t0
                if job["JobStatus"] != "COMPLETED":
                    raise HarnessError(f"export job {job_id}: {job}")
                c.request("GET", job["ExportDestination"]["S3Url"].split(str(port), 1)[1])
                resp = c.getresponse()
                csv_text = resp.read().decode()
                c.close()
                lines = csv_text.splitlines()
                if resp.status != 200 or len(lines) - 1 != job["Statistics"]["ExportedRecordsCount"] or len(lines) < 2:
                    raise HarnessError(f"export file: {resp.status}, {len(lines)} lines for {job['Statistics']}")
                runs.append({"wall_s": wall, "server_s": job["CompletedTimestamp"] - job["CreatedTimestamp"],
                             "rows": len(lines) - 1, "processed": job["Statistics"]["ProcessedRecordsCount"]})
            self.r["export"] = {"database": label, "runs": len(runs),
                                "wall_s": statistics.median(r["wall_s"] for r in runs),
                                "server_s": statistics.median(r["server_s"] for r in runs),
                                "rows": runs[0]["rows"], "processed": runs[0]["processed"]}
            e = self.r["export"]
            log(f"   {label}: {e['rows']} rows, {e['processed']:,} events processed; request to COMPLETED"
                f" {e['wall_s'] * 1000:.0f} ms (median of {e['runs']}; job itself {e['server_s'] * 1000:.0f} ms);"
                f" target {EXPORT_TARGET_S:.0f} s")
        finally:
            stop_step([p])

    # -- start-to-ready ----------------------------------------------------

    def seed_path(self):
        seed_dir = os.path.join(REPO, "seed-data")
        if os.path.isdir(seed_dir) and any(n.endswith(".ndjson") for n in os.listdir(seed_dir)):
            return seed_dir, "bundled seed-data/ as `make run` serves it"
        # No bundled data yet: a stand-in of the same kind (30 days, ~100 sends a day).
        path = self.path("seed-standin.ndjson")
        with open(path, "wb") as f:
            subprocess.run(self.emu.generate(100, days=30, start="2026-10-01"), stdout=f, check=True)
        return path, "stand-in seed (seed-data/ has no *.ndjson): generate --days 30 --daily-sends 100"

    def start_to_ready(self):
        self.step("start-to-ready with seed data, and idle RSS")
        seed, what = self.seed_path()
        files = [seed] if os.path.isfile(seed) else \
            [os.path.join(seed, n) for n in sorted(os.listdir(seed)) if n.endswith(".ndjson")]
        seed_events = 0
        for path in files:
            with open(path, "rb") as f:
                seed_events += sum(1 for line in f if line.strip())
        runs = 3 if self.smoke else self.o.ready_runs
        times, ready_lines, rss = [], [], []
        for _ in range(runs):
            t0 = time.monotonic()
            p, port, ready_line = self.emu.serve("--seed-data", seed, "--seed-shift-to-today")
            wait_http(port, "/_emulator/health", 30)
            times.append(time.monotonic() - t0)
            ready_lines.append(ready_line)
            time.sleep(0.3)  # idle: let start-up garbage settle
            rss.append(proc_status(p.pid))
            code = stop(p)
            if code != 0:
                raise HarnessError(f"serve exited {code} on SIGTERM (expected 0)")
        self.r["ready"] = {"seed": what, "seed_events": seed_events, "runs": runs,
                           "median_ms": statistics.median(times) * 1000, "min_ms": min(times) * 1000,
                           "max_ms": max(times) * 1000, "ready_line_median_ms": statistics.median(ready_lines) * 1000,
                           "idle_rss_kb": statistics.median(x.get("VmRSS", 0) for x in rss),
                           "idle_hwm_kb": statistics.median(x.get("VmHWM", 0) for x in rss)}
        rr = self.r["ready"]
        log(f"   {what}: median {rr['median_ms']:.1f} ms over {runs} runs (min {rr['min_ms']:.1f}, max {rr['max_ms']:.1f});"
            f" idle RSS {mb(rr['idle_rss_kb']):.1f} MB")

    # -- HTTP load ---------------------------------------------------------

    def http_load(self, with_nginx=True, with_moto=True):
        """The emulator, nginx and moto_server all listen at once; the wrk runs interleave them per
        connection count (emulator 1-query, nginx, ... twice; then the 10-query batch and moto), so
        a neighbour's burst on this shared machine hits both sides of a ratio. Best of the two
        rounds per server (req/s, with that run's latencies)."""
        have_wrk = ensure_apt("wrk", "wrk", self.skips)
        label = self.sizes[-1][0]
        self.step(f"HTTP: serve the {label} database; wrk at {self.conns} connections, {self.wrk_seconds} s each,"
                  " interleaved with the references")
        db = self.path(f"events-{label}.db")
        p, port, ready = self.emu.serve("--database", db)
        load = {"database": label, "ready_s": ready}
        self.r["emulator"] = load
        started = [p]
        try:
            wait_http(port, "/_emulator/health", 60)
            time.sleep(0.3)
            load["idle"] = proc_status(p.pid)
            # The health endpoint reports the event count; time it on the large database.
            samples = []
            for _ in range(5):
                t0 = time.monotonic()
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                c.request("GET", "/_emulator/health")
                c.getresponse().read()
                c.close()
                samples.append((time.monotonic() - t0) * 1000)
            load["health_ms"] = statistics.median(samples)
            # One request by hand: the harness is only worth anything if the answer is right.
            for name in ("batch1", "batch10"):
                with open(self.path(f"{name}.json"), "rb") as f:
                    body = f.read()
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                c.request("POST", BATCH_PATH, body=body, headers={"Content-Type": "application/json"})
                resp = c.getresponse()
                text = resp.read()
                c.close()
                doc = json.loads(text) if resp.status == 200 else None
                if not doc or len(doc["Results"]) != (1 if name == "batch1" else 10) or doc["Errors"] \
                        or not any(r["Values"] for r in doc["Results"]):
                    raise HarnessError(f"{name}: unexpected answer {resp.status} {text[:300]!r}")
                load[f"{name}_response_bytes"] = len(text)
                if name == "batch10":
                    with open(self.path("batch10.json.answer"), "wb") as f:
                        f.write(text)
            if not have_wrk:
                return
            ngx = self.start_nginx() if with_nginx else None
            if ngx:
                started.append(ngx[0])
            moto = self.start_moto() if with_moto else None
            if moto:
                started.append(moto[0])
            # The same server with one event loop, as nginx runs one worker: on these two cores the
            # default (one loop per core) puts two busy loops beside wrk, and then the scheduler's
            # time slices, not the server, set p99 (nginx with two workers does the same).
            p1, port1, _ = self.emu.serve("--database", db, "--event-loops", "1")
            started.append(p1)
            wait_http(port1, "/_emulator/health", 60)
            url1 = f"http://127.0.0.1:{port1}{BATCH_PATH}"
            one_loop = load["one_loop"] = {}
            url = f"http://127.0.0.1:{port}{BATCH_PATH}"
            b1 = self.path("batch1.json")
            if not self.smoke:  # warm-up
                wrk(url, 32, 2, p.pid, body_file=b1)
                wrk(url1, 32, 2, p1.pid, body_file=b1)
                if ngx:
                    wrk(ngx[1], 32, 2, ngx[0].pid, body_file=b1)
            rounds = 1 if self.smoke else 2

            def best(runs):
                return max(runs, key=lambda r: r["rps"])

            load["batch1"], load["batch10"] = {}, {}
            for c in self.conns:
                e_runs, n_runs, one_runs = [], [], []
                for _ in range(rounds):
                    e_runs.append(wrk(url, c, self.wrk_seconds, p.pid, body_file=b1, watch_rss=(c == 256)))
                    if c == 32:
                        one_runs.append(wrk(url1, c, self.wrk_seconds, p1.pid, body_file=b1))
                    if ngx:
                        n_runs.append(wrk(ngx[1], c, self.wrk_seconds, ngx[0].pid, body_file=b1))
                for res in e_runs + one_runs:
                    if res["non2xx"] or res["requests"] == 0:
                        raise HarnessError(f"wrk batch1 c{c}: {res['non2xx']} non-2xx answers of {res['requests']}")
                e = best(e_runs)
                if one_runs:
                    one = one_loop["batch1"] = best(one_runs)
                    one["rounds_rps"] = [round(r["rps"]) for r in one_runs]
                    self.log_run("emulator batch1, one event loop", c, one)
                if c == 32:
                    # The HTTP core's own ceiling: a 404 is answered on the event loop, with no
                    # handler thread, no SQLite and no JSON decoding, so it bounds what any route can reach.
                    # Best of the rounds, as for the batches and nginx: one unlucky slice of the
                    # shared machine once put the 404 below the batch that includes it.
                    core_runs, one_core_runs = [], []
                    for _ in range(rounds):
                        core_runs.append(wrk(f"http://127.0.0.1:{port}/no-such-path", c, self.wrk_seconds, p.pid))
                        one_core_runs.append(wrk(f"http://127.0.0.1:{port1}/no-such-path", c, self.wrk_seconds, p1.pid))
                    for core in core_runs + one_core_runs:
                        if core["requests"] == 0 or core["non2xx"] == 0:
                            raise HarnessError(f"core 404 c{c}: {core['requests']} requests, {core['non2xx']} non-2xx")
                    for runs, into in ((core_runs, load), (one_core_runs, one_loop)):
                        core = into["core404"] = best(runs)
                        core["rounds_rps"] = [round(r["rps"]) for r in runs]
                    self.log_run("emulator GET 404", c, load["core404"])
                    self.log_run("emulator GET 404, one event loop", c, one_loop["core404"])
                    # A different body every request: never a remembered answer, so every call
                    # goes to a handler thread and reads SQLite.
                    for name in ("batch1", "batch10"):
                        fresh = wrk(url, c, self.wrk_seconds, p.pid, body_file=self.path(f"{name}.json"), unique_ids=True)
                        if fresh["requests"] == 0 or fresh["non2xx"]:
                            raise HarnessError(f"{name} unique ids c{c}: {fresh['requests']} requests, {fresh['non2xx']} non-2xx")
                        load[f"{name}_fresh"] = fresh
                        self.log_run(f"emulator {name}, a new body each request", c, fresh)
                if c == 256:
                    e["rss_peak_kb"] = max(r["rss_peak_kb"] for r in e_runs)
                e["rounds_rps"] = [round(r["rps"]) for r in e_runs]
                load["batch1"][c] = e
                self.log_run("emulator batch1", c, e)
                if ngx:
                    for res in n_runs:
                        if res["non2xx"]:
                            raise HarnessError(f"nginx c{c}: {res['non2xx']} non-2xx answers")
                    n = best(n_runs)
                    n["rounds_rps"] = [round(r["rps"]) for r in n_runs]
                    ngx[2][c] = n
                    self.log_run("nginx", c, n)
                res = wrk(url, c, self.wrk_seconds, p.pid, body_file=self.path("batch10.json"), watch_rss=(c == 256))
                if res["non2xx"] or res["requests"] == 0:
                    raise HarnessError(f"wrk batch10 c{c}: {res['non2xx']} non-2xx answers of {res['requests']}")
                load["batch10"][c] = res
                self.log_run("emulator batch10", c, res)
                if ngx:
                    res = wrk(ngx[1] + "batch10.json", c, self.wrk_seconds, ngx[0].pid, body_file=b1)
                    if res["non2xx"] or res["requests"] == 0:
                        raise HarnessError(f"nginx batch10.json c{c}: {res['non2xx']} non-2xx answers of {res['requests']}")
                    ngx[2].setdefault("batch10", {})[c] = res
                    self.log_run("nginx batch10.json", c, res)
                if moto and not (self.smoke and c == 256):
                    res = wrk(moto[1], c, self.wrk_seconds, moto[0].pid, headers=[f"Authorization: {AUTH}"])
                    if res["requests"] == 0 or res["non2xx"]:
                        raise HarnessError(f"moto c{c}: {res['requests']} requests, {res['non2xx']} non-2xx")
                    moto[2][c] = res
                    self.log_run("moto", c, res)
            load["after_load"] = proc_status(p.pid)
            if not self.smoke or self.o.perf:
                self.perf_counts(p, port, ngx, p1, port1)
        finally:
            stop_step(started)

    def perf_counts(self, p, port, ngx, p1, port1):
        """System calls and context switches per request (`perf stat` on the server's threads while
        wrk runs at 32 connections): where the time goes that CPU per request does not show."""
        if not shutil.which("perf"):
            self.skips.append("SKIP perf stat figures: no `perf`")
            log(self.skips[-1])
            return
        self.step("perf stat per request at c32: system calls, context switches")
        seconds = 2 if self.smoke else 5
        url = f"http://127.0.0.1:{port}"
        runs = [("emulator GET 404", url + "/no-such-path", p.pid, None),
                ("emulator batch1", url + BATCH_PATH, p.pid, self.path("batch1.json")),
                ("emulator batch10", url + BATCH_PATH, p.pid, self.path("batch10.json")),
                ("emulator batch1, one event loop", f"http://127.0.0.1:{port1}{BATCH_PATH}", p1.pid, self.path("batch1.json"))]
        if ngx:
            runs += [("nginx fixed 378 B", ngx[1], ngx[0].pid, self.path("batch1.json")),
                     ("nginx batch10.json", ngx[1] + "batch10.json", ngx[0].pid, self.path("batch1.json"))]
        out = self.r.setdefault("perf", {})
        for who, u, pid, body in runs:
            events = "raw_syscalls:sys_enter,context-switches"
            pids = ",".join(str(x) for x in proc_tree(pid))
            perf = subprocess.Popen(["perf", "stat", "-x", ",", "-e", events, "-p", pids],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            time.sleep(0.2)
            res = wrk(u, 32, seconds, pid, body_file=body)
            perf.send_signal(signal.SIGINT)
            err = perf.communicate(timeout=30)[1]
            counts = {}
            for line in err.splitlines():
                fields = line.split(",")
                if len(fields) > 2 and fields[0].strip().isdigit():
                    counts[fields[2]] = int(fields[0])
            if "raw_syscalls:sys_enter" not in counts or not res["requests"]:
                self.skips.append(f"SKIP perf stat for {who}: perf printed no counts ({err.strip()[:160]})")
                log(self.skips[-1])
                continue
            row = {"rps": res["rps"], "syscalls_per_req": counts["raw_syscalls:sys_enter"] / res["requests"],
                   "cs_per_req": counts.get("context-switches", 0) / res["requests"], "cpu_us_per_req": res["cpu_us_per_req"]}
            out[who] = row
            log(f"   {who}: {row['syscalls_per_req']:.2f} system calls, {row['cs_per_req']:.3f} context switches per request"
                f" ({res['rps']:,.0f} req/s, {res['cpu_us_per_req']:.0f} µs CPU/req)")

    def log_run(self, who, c, r):
        log(f"   {who} c{c}: {r['rps']:,.0f} req/s, p50 {r['p50_ms']:.2f} ms, p99 {r['p99_ms']:.2f} ms,"
            f" {r['cpu_us_per_req']:.0f} µs CPU/req" + (f", RSS peak {mb(r['rss_peak_kb']):.1f} MB" if r.get("rss_peak_kb") else "")
            + (f" (rounds: {r['rounds_rps']})" if r.get("rounds_rps") and len(r["rounds_rps"]) > 1 else ""))

    def start_nginx(self):
        """nginx in the foreground (by pid), one worker, a fixed JSON body; (Popen, url, results)."""
        if not ensure_apt("nginx", "nginx-light", self.skips):
            return None
        nginx_bin = shutil.which("nginx") or "/usr/sbin/nginx"
        # ~400 bytes, shaped like the emulator's own answer (the anchors used a 379-byte body).
        values = [398, 390, 396, 348, 372, 179, 197, 333, 338, 388, 367, 355, 194, 188, 378, 337, 392, 372, 347, 214, 194]
        body = json.dumps({"Results": [{"Id": "q1", "Timestamps": [1780272000 + 86400 * i for i in range(len(values))],
                                        "Values": values}], "Errors": []}, separators=(",", ":"))
        port = free_port()
        # Readable by nginx's worker, which runs as another user when nginx is started as root.
        os.makedirs(self.path("nginx-root"), exist_ok=True)
        shutil.copyfile(self.path("batch10.json.answer"), self.path("nginx-root/batch10.json"))
        os.chmod(self.dir, 0o711)
        os.chmod(self.path("nginx-root"), 0o755)
        os.chmod(self.path("nginx-root/batch10.json"), 0o644)
        with open(os.path.join(HERE, "nginx.conf.in")) as f:
            conf = f.read().replace("@PORT@", str(port)).replace("@DIR@", self.dir).replace("@BODY@", body)
        conf_path = self.path("nginx.conf")
        with open(conf_path, "w") as f:
            f.write(conf)
        p = spawn([nginx_bin, "-p", self.dir, "-e", self.path("nginx-error.log"), "-c", conf_path],
                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        ref = {"body_bytes": len(body), "batch10_body_bytes": os.path.getsize(self.path("nginx-root/batch10.json"))}
        self.r["nginx"] = ref
        wait_http(port, "/", 10)
        log(f"   reference: nginx {nginx_bin}, 1 worker, fixed {len(body)}-byte JSON, port {port}")
        return p, f"http://127.0.0.1:{port}/", ref

    def send_load(self, with_moto=True):
        """SendEmail at 32 connections on a fresh `--database` file (each send's message and events
        committed, synced, before its answer; concurrent sends share a commit), beside moto_server's
        SendEmail in the same run."""
        have_wrk = ensure_apt("wrk", "wrk", self.skips)
        self.step(f"SendEmail: wrk at 32 connections, {self.wrk_seconds} s, beside moto_server")
        body = self.path("send.json")
        with open(body, "w") as f:
            json.dump({"FromEmailAddress": "bench@send.test", "Destination": {"ToAddresses": ["reader@gmail.com"]},
                       "Content": {"Simple": {"Subject": {"Data": "bench"}, "Body": {"Text": {"Data": "hello"}}}}}, f)
        def create_identity(port):
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            c.request("POST", "/v2/email/identities", body=json.dumps({"EmailIdentity": "send.test"}),
                      headers={"Content-Type": "application/json", "Authorization": AUTH})
            resp = c.getresponse()
            resp.read()
            c.close()
            if resp.status != 200:
                raise HarnessError(f"CreateEmailIdentity on port {port}: {resp.status}")

        def events(port):
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            c.request("GET", "/_emulator/health")
            count = json.loads(c.getresponse().read())["events"]
            c.close()
            return count

        p, port, _ = self.emu.serve("--database", self.path("send.db"))
        started, load = [p], {}
        self.r["send"] = load
        try:
            wait_http(port, "/_emulator/health", 60)
            create_identity(port)
            if not have_wrk:
                return
            res = wrk(f"http://127.0.0.1:{port}/v2/email/outbound-emails", 32, self.wrk_seconds, p.pid, body_file=body)
            if res["requests"] == 0 or res["non2xx"]:
                raise HarnessError(f"emulator SendEmail: {res['requests']} requests, {res['non2xx']} non-2xx")
            # Each answered send stored its SEND and DELIVERY (wrk may count a last one it cut off).
            if events(port) < 2 * res["requests"]:
                raise HarnessError(f"SendEmail: {res['requests']} answered, only {events(port)} events stored")
            load["emulator"] = res
            self.log_run("emulator SendEmail", 32, res)
            moto = self.start_moto() if with_moto else None
            if moto:
                started.append(moto[0])
                mport = int(moto[1].split(":")[2].split("/")[0])
                create_identity(mport)
                res = wrk(f"http://127.0.0.1:{mport}/v2/email/outbound-emails", 32, self.wrk_seconds, moto[0].pid,
                          body_file=body)
                if res["requests"] == 0 or res["non2xx"]:
                    raise HarnessError(f"moto SendEmail: {res['requests']} requests, {res['non2xx']} non-2xx")
                load["moto"] = res
                self.log_run("moto SendEmail", 32, res)
        finally:
            stop_step(started)

    def start_moto(self):
        """moto_server answering ListEmailIdentities; (Popen, url, results)."""
        if not ensure_moto(self.skips):
            return None
        port = free_port()
        p = spawn([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        # The HTTP step's figures stay when the SendEmail step starts its own moto_server.
        ref = self.r.setdefault("moto", {})
        wait_http(port, "/v2/email/identities", 60, headers={"Authorization": AUTH})
        log(f"   reference: moto_server (GET /v2/email/identities), port {port}")
        return p, f"http://127.0.0.1:{port}/v2/email/identities", ref

    # -- report ------------------------------------------------------------

    def report(self):
        r = self.r
        rows = []  # (figure, emulator, reference, ratio, target, result)

        def verdict(ok):
            if self.smoke:
                return "(smoke)"
            return "n/a" if ok is None else ("**pass**" if ok else "**MISS**")

        def f(x, fmt="{:,.0f}"):
            return "—" if x is None else fmt.format(x)

        emu, ngx, moto = r.get("emulator", {}), r.get("nginx", {}), r.get("moto", {})
        for name, title in (("batch1", "1-query 30-day batch"), ("batch10", "10-query 365-day batch")):
            for c in self.conns:
                # The 10-query answer is compared with nginx serving that same answer as a file.
                e, n = emu.get(name, {}).get(c), (ngx.get(c) if name == "batch1" else ngx.get("batch10", {}).get(c))
                if not e:
                    continue
                ratio = e["rps"] / n["rps"] if n else None
                target, ok = "", None
                if c == 32:
                    target, ok = "≥ 0.5× nginx", (ratio >= 0.5 if ratio else None)
                nginx_label = " (nginx)" if name == "batch1" else " (nginx, same answer as a file)"
                rows.append((f"{title}, c{c}: req/s", f(e["rps"]), f(n["rps"]) + nginx_label if n else "—",
                             f(ratio, "{:.2f}×"), target, verdict(ok) if target else ""))
                p99r = e["p99_ms"] / n["p99_ms"] if n and n["p99_ms"] else None
                target, ok = "", None
                if name == "batch1" and c == 32:
                    target, ok = "≤ 2× nginx", (p99r <= 2 if p99r else None)
                rows.append((f"{title}, c{c}: p50 / p99 ms", f"{e['p50_ms']:.2f} / {e['p99_ms']:.2f}",
                             f"{n['p50_ms']:.2f} / {n['p99_ms']:.2f}" + nginx_label if n else "—",
                             f(p99r, "{:.2f}× p99"), target, verdict(ok) if target else ""))
                rows.append((f"{title}, c{c}: server CPU per request", f(e["cpu_us_per_req"], "{:.0f} µs"),
                             f(n["cpu_us_per_req"], "{:.0f} µs") + nginx_label if n else "—",
                             f(e["cpu_us_per_req"] / n["cpu_us_per_req"] if n and n["cpu_us_per_req"] else None, "{:.1f}×"), "", ""))
        n32, one = ngx.get(32), emu.get("one_loop", {})
        e = one.get("batch1")
        if e:
            # Like for like with nginx's one worker (see http_load).
            title = "1-query 30-day batch, c32, one event loop (`--event-loops 1`, as nginx's one worker)"
            ratio = e["rps"] / n32["rps"] if n32 else None
            rows.append((f"{title}: req/s", f(e["rps"]), f(n32["rps"]) + " (nginx)" if n32 else "—",
                         f(ratio, "{:.2f}×"), "≥ 0.5× nginx", verdict(ratio >= 0.5 if ratio else None)))
            p99r = e["p99_ms"] / n32["p99_ms"] if n32 and n32["p99_ms"] else None
            rows.append(("  same: p50 / p99 ms", f"{e['p50_ms']:.2f} / {e['p99_ms']:.2f}",
                         f"{n32['p50_ms']:.2f} / {n32['p99_ms']:.2f} (nginx)" if n32 else "—",
                         f(p99r, "{:.2f}× p99"), "≤ 2× nginx", verdict(p99r <= 2 if p99r else None)))
            rows.append(("  same: server CPU per request", f(e["cpu_us_per_req"], "{:.0f} µs"),
                         f(n32["cpu_us_per_req"], "{:.0f} µs") + " (nginx)" if n32 else "—",
                         f(e["cpu_us_per_req"] / n32["cpu_us_per_req"] if n32 and n32["cpu_us_per_req"] else None, "{:.1f}×"), "", ""))
        for core, loops in ((emu.get("core404"), ""), (one.get("core404"), ", one event loop")):
            if not core:
                continue
            ratio = core["rps"] / n32["rps"] if n32 else None
            rows.append((f"HTTP core alone, c32{loops}: GET of an unknown path → 404 (no handler thread, no SQLite): req/s",
                         f(core["rps"]), f(n32["rps"]) + " (nginx)" if n32 else "—",
                         f(ratio, "{:.2f}×"), "≥ 0.8× nginx", verdict(ratio >= 0.8 if ratio else None)))
            rows.append(("  same: p50 / p99 ms; server CPU per request",
                         f"{core['p50_ms']:.2f} / {core['p99_ms']:.2f}; {f(core['cpu_us_per_req'], '{:.0f} µs')}", "", "", "", ""))
        for name, title, n in (("batch1", "1-query 30-day batch", n32),
                               ("batch10", "10-query 365-day batch", ngx.get("batch10", {}).get(32))):
            fresh = emu.get(f"{name}_fresh")
            if fresh:
                rows.append((f"{title}, c32, a new body each request (nothing remembered: handler thread + SQLite): req/s",
                             f(fresh["rps"]), f(n["rps"]) + " (nginx, as above)" if n else "—",
                             f(fresh["rps"] / n["rps"] if n else None, "{:.2f}×"), "", ""))
                rows.append(("  same: p50 / p99 ms; server CPU per request",
                             f"{fresh['p50_ms']:.2f} / {fresh['p99_ms']:.2f}; {f(fresh['cpu_us_per_req'], '{:.0f} µs')}", "", "", "", ""))
        for c in self.conns:
            e, m = emu.get("batch1", {}).get(c), moto.get(c)
            if e and m:
                ratio = e["rps"] / m["rps"]
                target = "≥ 100× moto" if c == 32 else ""
                rows.append((f"1-query batch vs moto ListEmailIdentities, c{c}: req/s", f(e["rps"]),
                             f(m["rps"]) + f" (moto, p99 {m['p99_ms']:.0f} ms)", f(ratio, "{:.0f}×"), target,
                             verdict(ratio >= 100) if target else ""))
        send = r.get("send", {})
        if send.get("emulator"):
            e, m = send["emulator"], send.get("moto")
            rows.append(("SendEmail, c32 (durable: message + events committed before the answer): req/s", f(e["rps"]),
                         f(m["rps"]) + f" (moto, p99 {m['p99_ms']:.0f} ms)" if m else "—",
                         f(e["rps"] / m["rps"], "{:.0f}×") if m else "", "", ""))
            rows.append(("  same: p50 / p99 ms", f"{e['p50_ms']:.2f} / {e['p99_ms']:.2f}", "", "", "", ""))
        q = r.get("query", {})
        if q:
            small, large = self.sizes[0][0], self.sizes[-1][0]
            qs, ql = q[small]["batch10"], q[large]["batch10"]
            rows.append((f"10-query 365-day batch in-process at {large} ({ql['events']:,} events): p50 / p99",
                         f"{ql['p50_us'] / 1000:.3f} / {ql['p99_us'] / 1000:.3f} ms", "", "", "p50 ≤ 2 ms",
                         verdict(ql["p50_us"] <= 2000)))
            ratio = ql["p50_us"] / qs["p50_us"]
            rows.append((f"  same at {small} ({qs['events']:,} events): p50; ratio {large}/{small}",
                         f"{qs['p50_us'] / 1000:.3f} ms", "", f"{ratio:.2f}×", "≤ 2×", verdict(ratio <= 2)))
            # The work is one rollup row per 32-day block with data, plus one sum per returned point.
            rows.append((f"  per returned point: {large} ({ql['points']:,} points) / {small} ({qs['points']:,} points)",
                         f"{ql['p50_us'] / ql['points'] * 1000:.0f} / {qs['p50_us'] / qs['points'] * 1000:.0f} ns", "",
                         f"{(ql['p50_us'] / ql['points']) / (qs['p50_us'] / qs['points']):.2f}×", "", ""))
            b1 = q[large]["batch1"]
            rows.append((f"1-query 30-day batch in-process at {large}: p50", f"{b1['p50_us']:.0f} µs", "", "", "", ""))
        for row in r.get("ingest", []):
            bare = row.get("bare")
            ratio = row["rate"] / bare["rows_per_s"] if bare else None
            big = row is r["ingest"][-1]
            sp = row["split"]
            rows.append((f"ingest `generate | ingest -`, {row['label']} ({row['events']:,} events): events/s",
                         f(row["rate"]), (f(bare["rows_per_s"]) + " (bare C insert loop)") if bare else "—",
                         f(ratio, "{:.2f}×"), "≥ 0.5× bare" if big else "",
                         verdict(ratio >= 0.5 if ratio else None) if big else ""))
            rows.append((f"  parse / store / rollups+commit, {row['label']}",
                         f"{row['events'] / sp['parse_s']:,.0f}/s / {row['events'] / sp['store_s']:,.0f}/s / {sp['finish_s']:.2f} s",
                         "", "", "", ""))
        if r.get("ingest"):
            big = r["ingest"][-1]
            rows.append((f"peak RSS of `ingest` ({big['label']})", f"{mb(big['ingest_peak_rss_kb']):.1f} MB", "", "", "", ""))
        ih = r.get("ingest_http")
        if ih:
            rows.append((f"ingest through POST /_emulator/events, {ih['label']} ({ih['events']:,} events, {ih['posts']} POSTs)",
                         f(ih["rate"]), "", "", "", ""))
        ex = r.get("export")
        if ex:
            rows.append((f"export job, one month x every identity x every ISP, 10 metrics, {ex['database']} database"
                         f" ({ex['rows']} rows, {ex['processed']:,} events): request to COMPLETED (median of {ex['runs']})",
                         f"{ex['wall_s'] * 1000:.0f} ms (job {ex['server_s'] * 1000:.0f} ms)", "", "",
                         f"< {EXPORT_TARGET_S:.0f} s", verdict(ex["wall_s"] < EXPORT_TARGET_S)))
        rd = r.get("ready")
        if rd:
            rows.append((f"start-to-ready, {rd['seed']} ({rd['seed_events']:,} events): median of {rd['runs']}" if rd["seed_events"]
                         else f"start-to-ready, {rd['seed']}: median of {rd['runs']}",
                         f"{rd['median_ms']:.1f} ms (min {rd['min_ms']:.1f})", "", "", "≤ 100 ms", verdict(rd["median_ms"] <= 100)))
            rows.append(("  of which exec to the ready line (median)", f"{rd['ready_line_median_ms']:.1f} ms", "", "", "", ""))
            rows.append(("RSS idle (seeded server)", f"{mb(rd['idle_rss_kb']):.1f} MB", "", "", "≤ 30 MB",
                         verdict(rd["idle_rss_kb"] <= 30 * 1024)))
        if emu.get("health_ms") is not None:
            rows.append((f"GET /_emulator/health on the {emu['database']} database (median of 5)",
                         f"{emu['health_ms']:.1f} ms", "", "", "", ""))
        if emu.get("idle"):
            rows.append((f"RSS idle, serving the {emu['database']} database", f"{mb(emu['idle']['VmRSS']):.1f} MB", "", "", "", ""))
        b256 = [emu.get(n, {}).get(256) for n in ("batch1", "batch10")]
        if emu.get("after_load") and all(b256):
            peak = max(emu["after_load"].get("VmHWM", 0), *(b["rss_peak_kb"] for b in b256))
            rows.append(("RSS peak under 256 connections (VmHWM)", f"{mb(peak):.1f} MB", "", "", "≤ 100 MB",
                         verdict(peak <= 100 * 1024)))
            rows.append(("RSS after the load (VmRSS)", f"{mb(emu['after_load']['VmRSS']):.1f} MB", "", "", "", ""))

        for who, pc in r.get("perf", {}).items():
            rows.append((f"perf stat, c32, {who}: system calls / context switches per request",
                         f"{pc['syscalls_per_req']:.2f} / {pc['cs_per_req']:.3f}", "", "", "", ""))

        head = ("| figure | emulator | reference | ratio | target | result |\n"
                "|---|---|---|---|---|---|\n")
        table = head + "".join("| " + " | ".join(x) + " |\n" for x in rows)
        return table

    def write(self, table, started, finished):
        ctx = [f"- Mode: **{self.r['mode']}**; {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime(started))};"
               f" the whole run took {finished - started:.0f} s.",
               f"- Machine: {os.cpu_count()} cores, {os.uname().release}; SQLite {sqlite_version()}; wrk -t1,"
               f" {self.wrk_seconds} s per run, keep-alive; server and wrk unpinned on the same cores.",
               f"- Bodies: the 1-query batch answers {self.r.get('emulator', {}).get('batch1_response_bytes', '?')} bytes,"
               f" the 10-query batch {self.r.get('emulator', {}).get('batch10_response_bytes', '?')} bytes;"
               f" nginx answers a fixed {self.r.get('nginx', {}).get('body_bytes', '?')}-byte JSON to the same POST, and"
               f" the emulator's own 10-query answer ({self.r.get('nginx', {}).get('batch10_body_bytes', '?')} bytes) as a"
               " file for the 10-query comparison.",
               "- perf stat rows: `perf stat -e raw_syscalls:sys_enter,context-switches` on the server's process"
               " (nginx: master and worker) during a wrk run at 32 connections, divided by wrk's request count.",
               f"- Data: `generate --seed 1 --start {DATA_START} --days {DATA_DAYS} --daily-sends N` (N = "
               + ", ".join(f"{s} for {l}" for l, s in self.sizes) + "); the HTTP runs serve the largest data set.",
               "- Emulator: `serve --rate-limit off --log-level warning` (no access log line per request; nginx runs"
               " with `access_log off`), 4 handler threads (default), one event loop per core (default); the rows marked"
               " *one event loop* are a second emulator on the same file with `--event-loops 1`, the like for like of"
               " nginx's one worker, run interleaved with the others.",
               "- Bare insert baseline: Benchmarks/bare_insert.c (C, system libsqlite3, one prepared INSERT of the same"
               " 12 columns, unique event_id index, one transaction, the pragmas `ingest` uses for a load into an empty"
               " file: rollback journal, synchronous=FULL).",
               "- Query time: `ses-metrics-emulator bench query` (hidden): `MetricsStore.query` on one read snapshot,"
               " no HTTP, no JSON; 300 timed batches per round, 5 rounds alternating the data sets, medians over rounds.",
               "- Export job: `serve --database` on the largest data set; CreateExportJob over HTTP, then GetExportJob"
               " every 5 ms until COMPLETED (the figure: request to that answer, so it includes up to 5 ms of polling);"
               " \"job\" is CompletedTimestamp - CreatedTimestamp; the CSV is downloaded from its S3Url and its rows"
               " counted.",
               "- CPU per request: the server's utime+stime over the run divided by the requests (10 ms tick resolution).",
               ]
        for s in self.skips:
            ctx.append(f"- {s}")
        text = ("# Benchmark results\n\nProduced by `make bench" + ("-smoke" if self.smoke else "") +
                "` (Benchmarks/bench.py). The machine is shared and noisy: compare the ratios, measured in one run.\n\n"
                + "\n".join(ctx) + "\n\n" + table + "\n<details><summary>raw figures (JSON)</summary>\n\n```json\n"
                + json.dumps(self.r, indent=1, default=str) + "\n```\n</details>\n")
        out = self.o.output or (os.path.join(REPO, ".build", "bench-smoke", "results.md") if self.smoke
                                else os.path.join(HERE, "results.md"))
        os.makedirs(os.path.dirname(out), exist_ok=True)
        # The soak's section (Benchmarks/soak.py) is another run's: kept as it is.
        if os.path.exists(out):
            old = open(out).read()
            begin, end = "<!-- soak:begin -->", "<!-- soak:end -->"
            if begin in old and end in old:
                text += "\n" + old[old.index(begin):old.index(end) + len(end)] + "\n"
        with open(out, "w") as f:
            f.write(text)
        return out


def sqlite_version():
    try:
        import sqlite3
        return sqlite3.sqlite_version
    except ImportError:
        return "?"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default=os.path.join(REPO, ".build/release/ses-metrics-emulator"))
    ap.add_argument("--smoke", action="store_true", help="tiny data, 2-second wrk runs, no speed assertions")
    ap.add_argument("--seconds", type=int, default=10, help="seconds per wrk run (full mode)")
    ap.add_argument("--ready-runs", type=int, default=15)
    ap.add_argument("--workdir", default=None, help="parent of the temporary work directory (default $TMPDIR)")
    ap.add_argument("--output", default=None, help="Markdown file to write")
    ap.add_argument("--keep", action="store_true", help="keep the work directory (databases) afterwards")
    ap.add_argument("--perf", action="store_true", help="the perf stat step in smoke mode too")
    ap.add_argument("--only", default="ingest,ingest_http,query,export,ready,http,nginx,moto,send",
                    help="comma-separated steps (for iterating on the harness)")
    opts = ap.parse_args()
    if not os.access(opts.bin, os.X_OK):
        sys.exit(f"bench: {opts.bin} is not an executable; build it first (make build)")
    atexit.register(stop_all)
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    run = Run(opts)
    only = set(opts.only.split(","))
    started = time.time()
    try:
        if "ingest" in only or "query" in only or "export" in only or "http" in only:
            run.ingest()
        if "query" in only:
            run.query_time()
        if "export" in only:
            run.export_job()
        if "ingest_http" in only:
            run.ingest_http()
        if "ready" in only:
            run.start_to_ready()
        if "http" in only:
            run.http_load(with_nginx="nginx" in only, with_moto="moto" in only)
        if "send" in only:
            run.send_load(with_moto="moto" in only)
        table = run.report()
        out = run.write(table, started, time.time())
        print()
        print(table)
        print(f"written to {os.path.relpath(out, os.getcwd())}; took {time.time() - started:.0f} s")
    except (HarnessError, subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError, KeyError, ValueError) as e:
        print(f"bench: FAILED: {type(e).__name__}: {e}", file=sys.stderr)
        stop_all()
        sys.exit(1)
    finally:
        stop_all()
        if not opts.keep:
            shutil.rmtree(run.dir, ignore_errors=True)
        else:
            print(f"kept {run.dir}")


if __name__ == "__main__":
    main()
