"""Memory (docs/reliability.md, "Memory"): what the caches may hold is bounded by options, and a reset
on a temporary database gives the memory of the deleted data back."""
from __future__ import annotations

import datetime as dt
import json
import time

from support import Server, control, http_request, run_cli


def status_kb(pid: int, field: str) -> int:
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise AssertionError(f"no {field} in /proc/{pid}/status")


def load(server: Server, batches: int) -> None:
    """Events, sends and new-bodied batch reads: enough to fill the caches and the heap."""
    now = time.time()
    for b in range(batches):
        lines = [json.dumps({"type": ("SEND", "DELIVERY", "OPEN")[i % 3], "eventId": f"m{b}-{i}", "messageId": f"m{b}-{i}",
                             "timestamp": int(now - 86400 - (i * 97 % 40) * 86400), "emailIdentity": f"id{i % 7}.example",
                             "isp": ("Gmail", "Yahoo", "Other")[i % 3]}) for i in range(5000)]
        resp = control(server, "POST", "/_emulator/events", "\n".join(lines), content_type="application/x-ndjson")
        assert resp.status == 200, resp.body
    assert http_request(server.port, "POST", "/v2/email/identities", json.dumps({"EmailIdentity": "mem.example"}),
                        {"Content-Type": "application/json"}).status == 200
    for i in range(300):
        body = {"FromEmailAddress": "a@mem.example", "Destination": {"ToAddresses": [f"r{i}@gmail.com"]},
                "Content": {"Simple": {"Subject": {"Data": "s"}, "Body": {"Text": {"Data": "x" * 2000}}}}}
        assert http_request(server.port, "POST", "/v2/email/outbound-emails", json.dumps(body),
                            {"Content-Type": "application/json"}).status == 200
    end = dt.date.today() + dt.timedelta(days=1)
    for i in range(300):
        queries = [{"Id": f"q{i}_{j}", "Namespace": "VDM", "Metric": "SEND",
                    "Dimensions": {"EMAIL_IDENTITY": f"id{j}.example"},
                    "StartDate": f"{end - dt.timedelta(days=1 + (i + j) % 59)}T00:00:00Z", "EndDate": f"{end}T00:00:00Z"}
                   for j in range(7)]
        resp = http_request(server.port, "POST", "/v2/email/metrics/batch", json.dumps({"Queries": queries}),
                            {"Content-Type": "application/json"})
        assert resp.status == 200, resp.body


def test_reset_on_a_temporary_database_gives_the_memory_back(start_server):
    server = start_server(["--rate-limit", "off"])
    idle = status_kb(server.proc.pid, "RssAnon")
    load(server, batches=40)
    loaded = status_kb(server.proc.pid, "RssAnon")
    assert loaded > idle + 8 * 1024, f"the load did not fill anything: {idle} kB idle, {loaded} kB loaded"
    assert control(server, "POST", "/_emulator/reset").status == 200
    after = status_kb(server.proc.pid, "RssAnon")
    rss = status_kb(server.proc.pid, "VmRSS")
    # The store's caches are emptied and freed heap returned: back near idle, not at the peak.
    assert after < idle + 6 * 1024, f"anonymous RSS {after} kB after reset ({idle} kB idle, {loaded} kB loaded)"
    assert rss < 30 * 1024, f"RSS {rss} kB after reset"
    # And the emulator still answers from the emptied store.
    assert json.loads(control(server, "GET", "/_emulator/summary").body)["events"] == 0


def test_the_page_cache_is_bounded_by_its_option(start_server):
    """With a 1 MiB page cache the same load holds less than with the default 16 MiB."""
    peaks = {}
    for mb in (1, 16):
        server = start_server(["--rate-limit", "off", "--page-cache-mb", str(mb), "--answer-cache-mb", "0"])
        load(server, batches=40)
        peaks[mb] = status_kb(server.proc.pid, "RssAnon")
        server.stop()
    assert peaks[1] + 8 * 1024 < peaks[16], peaks


def test_cache_options_are_checked():
    for args in (["--page-cache-mb", "0"], ["--answer-cache-mb", "-1"], ["--page-cache-mb", "x"]):
        result = run_cli(["serve", "--port", "0", *args])
        assert result.returncode == 64, (args, result.stderr)
        assert "cache-mb" in result.stderr.decode(), result.stderr
