"""A seeded random workload, nastier than `generate`'s (shared messageIds across days, duplicate eventIds,
every flag, mixed timestamp forms), served from a seed file and from a database filled by two ingests;
random queries compared with the recount."""
from __future__ import annotations

import datetime as dt
import json
import random

import pytest

from recount import DAY, DEFAULT_ISPS, METRICS, Recount, epoch_day
from support import make_client, run_cli

START = epoch_day("2027-01-01")
DAYS = 20
IDENTITIES = ["one.example", "two.example", "ops@three.example"]
CONFIG_SETS = ["cs-a", "cs-b", None]
ISPS = list(DEFAULT_ISPS)
TYPES = ["SEND", "DELIVERY", "PERMANENT_BOUNCE", "TRANSIENT_BOUNCE", "COMPLAINT", "OPEN", "CLICK"]


def timestamp_form(rng: random.Random, epoch: float):
    form = rng.randrange(4)
    moment = dt.datetime.fromtimestamp(epoch, dt.timezone.utc)
    if form == 0:
        return int(epoch)
    if form == 1:
        return round(epoch, 3)
    if form == 2:
        return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    offset = dt.timezone(dt.timedelta(hours=rng.choice([-8, -5, 1, 2, 9]), minutes=rng.choice([0, 30])))
    return moment.astimezone(offset).isoformat(timespec="milliseconds")


def random_events(seed: int, count: int) -> list[dict]:
    rng = random.Random(seed)
    events = []
    for n in range(count):
        epoch = START + rng.random() * DAYS * DAY
        event = {"type": rng.choices(TYPES, weights=[5, 5, 1, 1, 1, 3, 2])[0],
                 "timestamp": timestamp_form(rng, epoch),
                 "emailIdentity": rng.choice(IDENTITIES),
                 "isp": rng.choice(ISPS)}
        cs = rng.choice(CONFIG_SETS)
        if cs is not None or rng.random() < 0.3:
            event["configurationSet"] = cs
        if rng.random() < 0.8:
            event["messageId"] = f"msg-{rng.randrange(400)}"
        if rng.random() < 0.5:
            event["eventId"] = f"ev-{rng.randrange(count)}"  # some collide: later ones are ignored
        for flag, p in (("mailboxSimulator", 0.05), ("suppressionList", 0.2), ("openTracking", 0.5),
                        ("clickTracking", 0.3)):
            if rng.random() < p:
                event[flag] = True
            elif rng.random() < 0.1:
                event[flag] = False
        if rng.random() < 0.06:
            event["recipientCount"] = rng.choice([2, 3, 50])
        elif rng.random() < 0.1:
            event["recipientCount"] = 1
        events.append(event)
    return events


def random_queries(seed: int, count: int) -> list[dict]:
    rng = random.Random(seed)
    queries = []
    for n in range(count):
        dims = {}
        for key, values in (("EMAIL_IDENTITY", IDENTITIES), ("CONFIGURATION_SET", ["cs-a", "cs-b"]), ("ISP", ISPS)):
            if rng.random() < 0.45:
                dims[key] = rng.choice(values + ["*"])
        first = START + rng.randrange(-3, DAYS + 2) * DAY
        last = first + rng.randrange(1, 12) * DAY
        queries.append({"Id": f"r{n}", "Namespace": "VDM", "Metric": rng.choice(METRICS),
                        "StartDate": dt.datetime.fromtimestamp(first, dt.timezone.utc),
                        "EndDate": dt.datetime.fromtimestamp(last, dt.timezone.utc),
                        **({"Dimensions": dims} if dims else {})})
    return queries


def write(path, events):
    path.write_text("".join(json.dumps(e) + "\n" for e in events))


@pytest.fixture(scope="module")
def workload(tmp_path_factory):
    folder = tmp_path_factory.mktemp("random")
    events = random_events(99, 4000)
    seed = folder / "random.ndjson"
    write(seed, events)
    return folder, events, Recount(events)


def compare(url: str, recount: Recount, queries: list[dict]):
    from test_metrics_boto3 import series_of
    client = make_client(url)
    mismatches = []
    for i in range(0, len(queries), 10):
        batch = queries[i:i + 10]
        results = client.batch_get_metric_data(Queries=batch)["Results"]
        assert [r["Id"] for r in results] == [q["Id"] for q in batch]
        for q, r in zip(batch, results):
            expected = recount.series(q["Metric"], q.get("Dimensions"), int(q["StartDate"].timestamp()),
                                      int(q["EndDate"].timestamp()))
            got = series_of(r)
            if got != expected:
                mismatches.append((q["Metric"], q.get("Dimensions"), q["StartDate"].date(), q["EndDate"].date(),
                                   got, expected))
    assert not mismatches, f"{len(mismatches)} of {len(queries)} differ, e.g. {mismatches[:3]}"


def test_random_workload_from_seed_file(workload, start_server):
    folder, events, recount = workload
    srv = start_server(["--port", "0", "--rate-limit", "off", "--seed-data", str(folder / "random.ndjson")])
    assert srv.health()["events"] == recount.stored
    for metric in METRICS:
        assert recount.total(metric) > 0
    compare(srv.url, recount, random_queries(7, 300))


def test_random_workload_ingested_in_two_parts(workload, start_server):
    """Rollups built by two separate ingests (OPEN/CLICK uniqueness and eventIds across them) answer the same."""
    folder, events, recount = workload
    db = folder / "two-parts.sqlite"
    cut = 1731
    write(folder / "part1.ndjson", events[:cut])
    write(folder / "part2.ndjson", events[cut:])
    for part in ("part1.ndjson", "part2.ndjson"):
        result = run_cli(["ingest", str(folder / part), "--database", str(db)], timeout=120)
        assert result.returncode == 0, result.stderr
    srv = start_server(["--port", "0", "--rate-limit", "off", "--database", str(db)])
    assert srv.health()["events"] == recount.stored
    compare(srv.url, recount, random_queries(8, 200))
